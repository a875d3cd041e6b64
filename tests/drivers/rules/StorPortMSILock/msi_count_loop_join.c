// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * (storahci's interrupt-mode pattern, in a driver of our own.) FindAdapter selects
 * per-message synchronisation exactly when ConfigInfo->InterruptMode is Latched
 * (message-signaled). A helper counts the MSI messages with StorPortGetMSIInfo in a loop
 * until it fails and sets DevExt->MessagePerPort when there are enough of them; the
 * lock helper takes the MSI lock only when MessagePerPort is set. The DDI model lets
 * StorPortGetMSIInfo succeed only when InterruptMode == Latched, so MessagePerPort
 * implies per-message mode and there is no violation. Expected: pass.
 */

#include <storport.h>

typedef struct _RP_EXT {
    ULONG Ports;
    BOOLEAN MessagePerPort;
    ULONG Busy[8];
} RP_EXT, *PRP_EXT;

static VOID
RpCountMessages(PRP_EXT Ext)
{
    ULONG count;
    ULONG status;
    MESSAGE_INTERRUPT_INFORMATION info;

    for (count = 0;; count++) {
        status = StorPortGetMSIInfo(Ext, count, &info);
        if (status != STOR_STATUS_SUCCESS) {
            break;
        }
    }
    Ext->MessagePerPort = (count > Ext->Ports) ? TRUE : FALSE;
}

static VOID
RpLockPort(PRP_EXT Ext, ULONG Port, PSTOR_LOCK_HANDLE Handle)
{
    ULONG oldIrql;

    if (Ext->MessagePerPort) {
        StorPortAcquireMSISpinLock(Ext, Port, &oldIrql);       // ok: StorPortMSILock
        Handle->Context.OldIrql = (KIRQL)oldIrql;
    } else {
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, Handle);
    }
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Ports = 4;
    RpCountMessages(ext);
    if (ConfigInfo->InterruptMode == Latched) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRP_EXT ext = DeviceExtension;
    STOR_LOCK_HANDLE lock;

    RpLockPort(ext, Srb->PathId % 4, &lock);
    ext->Busy[Srb->PathId % 4]++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RP_EXT);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
