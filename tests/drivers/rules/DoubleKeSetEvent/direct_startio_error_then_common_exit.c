// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * Direct double set in one entry point. HwStorStartIo completes the internal
 * "firmware commit" request that a management thread waits for: on a controller error it
 * signals the waiter early, then signals it again on the common completion path.
 */

#include <storport.h>

#define FW_REG_COMMIT   0x30
#define FW_REG_RESULT   0x31

typedef struct _FW_EXTENSION {
    PULONG Registers;
    KEVENT CommitDone;
    NTSTATUS CommitStatus;
} FW_EXTENSION, *PFW_EXTENSION;

ULONG
FwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFW_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    KeInitializeEvent(&ext->CommitDone, NotificationEvent, FALSE);
    return SP_RETURN_FOUND;
}

BOOLEAN
FwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFW_EXTENSION ext = DeviceExtension;
    ULONG result;

    if (Srb->Function != SRB_FUNCTION_IO_CONTROL) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }

    StorPortWriteRegisterUlong(ext, ext->Registers + FW_REG_COMMIT, 1);
    result = StorPortReadRegisterUlong(ext, ext->Registers + FW_REG_RESULT);
    ext->CommitStatus = STATUS_SUCCESS;
    if (result != 0) {
        ext->CommitStatus = STATUS_UNSUCCESSFUL;
        KeSetEvent(&ext->CommitDone, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent -- first set
        Srb->SrbStatus = SRB_STATUS_ERROR;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }

    KeSetEvent(&ext->CommitDone, IO_NO_INCREMENT, FALSE);       // expect: DoubleKeSetEvent
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
    init.DeviceExtensionSize = sizeof(FW_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = FwFindAdapter;
    init.HwInitialize = FwInitialize;
    init.HwStartIo = FwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
