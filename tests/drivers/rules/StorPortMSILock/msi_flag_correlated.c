// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * The trap the rule must get right: FindAdapter sets DevExt->UseMsiLocks exactly when
 * it selects InterruptSynchronizePerMessage (the extension starts zero-filled), and
 * StartIo and the DPC take the MSI lock only under that flag, falling back to the
 * interrupt lock otherwise. Path-sensitive checking finds no violation.
 */

#include <storport.h>

typedef struct _AHCI_EXT {
    BOOLEAN UseMsiLocks;
    ULONG PortCount;
    ULONG Issued[32];
    STOR_DPC CompletionDpc;
} AHCI_EXT, *PAHCI_EXT;

VOID AhciCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static BOOLEAN
AhciMsiCapable(PAHCI_EXT Ext)
{
    ULONG msiSupported;
    ULONG length = sizeof(msiSupported);

    if (!StorPortRegistryRead(Ext, (PUCHAR)"MSISupported", 1, MINIPORT_REG_DWORD,
                              (PUCHAR)&msiSupported, &length)) {
        return FALSE;
    }
    return msiSupported != 0;
}

ULONG
AhciFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PAHCI_EXT ext = (PAHCI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (AhciMsiCapable(ext)) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
        ext->UseMsiLocks = TRUE;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    ext->PortCount = 4;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
AhciInitialize(PVOID DeviceExtension)
{
    PAHCI_EXT ext = (PAHCI_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, AhciCompletionDpc);
    return TRUE;
}

static VOID
AhciIssue(PAHCI_EXT Ext, ULONG Port, ULONG Slot)
{
    STOR_LOCK_HANDLE lockHandle;
    ULONG oldIrql;

    if (Ext->UseMsiLocks) {
        StorPortAcquireMSISpinLock(Ext, Port, &oldIrql);  // ok: StorPortMSILock
        Ext->Issued[Port] |= 1u << Slot;
        StorPortReleaseMSISpinLock(Ext, Port, oldIrql);
    } else {
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &lockHandle);
        Ext->Issued[Port] |= 1u << Slot;
        StorPortReleaseSpinLock(Ext, &lockHandle);
    }
}

BOOLEAN
AhciStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAHCI_EXT ext = (PAHCI_EXT)DeviceExtension;

    AhciIssue(ext, Srb->PathId % ext->PortCount, Srb->QueueTag % 32);
    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

VOID
AhciCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PAHCI_EXT ext = (PAHCI_EXT)DeviceExtension;
    ULONG oldIrql;

    if (ext->UseMsiLocks) {
        StorPortAcquireMSISpinLock(ext, 0, &oldIrql);  // ok: StorPortMSILock
        ext->Issued[0] = 0;
        StorPortReleaseMSISpinLock(ext, 0, oldIrql);
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(AHCI_EXT);
    init.HwFindAdapter = AhciFindAdapter;
    init.HwInitialize = AhciInitialize;
    init.HwStartIo = AhciStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
