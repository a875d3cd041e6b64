// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * Miss: FindAdapter reads the PCI configuration header into the device extension with
 * StorPortGetBusData (no model: the DDI may write anything through its buffer) and
 * keeps InterruptSynchronizeAll. StartIo takes the MSI lock when the header says
 * INTx is disabled (the device runs on MSI) -- the wrong mode, a real violation.
 * The tool writes one unknown value over the whole buffer, but a later read of one of
 * its fields (Pci.Command) looks below that aggregate value only for lazy copies;
 * otherwise it falls back to the zero fill of the device extension and reads 0. So the
 * branch is never taken and the rule passes. Reads of any field of a zero-filled
 * aggregate (device extension, `= {0}` local, RtlZeroMemory'd buffer) filled by an
 * unmodelled call or copied from one are wrong in the same way.
 */

#include <storport.h>

#define RP_PCI_COMMAND_INTX_DISABLE 0x400

typedef struct _RP_PCI_HEADER {
    USHORT VendorID;
    USHORT DeviceID;
    USHORT Command;
    USHORT Status;
} RP_PCI_HEADER;

typedef struct _RP_EXT {
    RP_PCI_HEADER Pci;
    ULONG Queues;
} RP_EXT, *PRP_EXT;

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (StorPortGetBusData(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                           ConfigInfo->SlotNumber, &ext->Pci, sizeof(ext->Pci)) < sizeof(ext->Pci)) {
        return SP_RETURN_NOT_FOUND;
    }
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    ext->Queues = 1;
    return SP_RETURN_FOUND;
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRP_EXT ext = DeviceExtension;
    ULONG oldIrql;

    if (ext->Pci.Command & RP_PCI_COMMAND_INTX_DISABLE) {
        StorPortAcquireMSISpinLock(ext, 0, &oldIrql);        // expect: StorPortMSILock
        StorPortReleaseMSISpinLock(ext, 0, oldIrql);
    }
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
