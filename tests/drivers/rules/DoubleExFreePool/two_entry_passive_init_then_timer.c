// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A double free that needs two entry points. FindAdapter allocates the IDENTIFY buffer
 * into the device extension; the passive initialization routine parses it and frees it
 * but forgets to clear the pointer; the identify watchdog timer (registered in
 * HwStorInitialize) sees a non-NULL pointer and frees the block a second time.
 */

#include <storport.h>

#define AHX_TAG             'dIhA'
#define AHX_IDENTIFY_BYTES  4096

typedef struct _AHX_EXTENSION {
    PULONG Registers;
    PUCHAR IdentifyData;
    ULONG MaxLba;
} AHX_EXTENSION, *PAHX_EXTENSION;

ULONG
AhxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PAHX_EXTENSION ext = DeviceExtension;

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
    ext->IdentifyData = ExAllocatePoolWithTag(NonPagedPoolNx, AHX_IDENTIFY_BYTES, AHX_TAG);
    if (ext->IdentifyData == NULL) {
        return SP_RETURN_ERROR;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN
AhxPassiveInitialize(PVOID DeviceExtension)
{
    PAHX_EXTENSION ext = DeviceExtension;

    StorPortWriteRegisterUlong(ext, ext->Registers + 2, 0xEC);
    ext->MaxLba = *(PULONG)(ext->IdentifyData + 200);
    ExFreePoolWithTag(ext->IdentifyData, AHX_TAG);  // ok: DoubleExFreePool -- first free; the pointer is left dangling
    return TRUE;
}

VOID
AhxIdentifyWatchdog(PVOID DeviceExtension)
{
    PAHX_EXTENSION ext = DeviceExtension;

    /* The device never answered IDENTIFY: give the buffer back. */
    if (ext->IdentifyData != NULL) {
        ExFreePoolWithTag(ext->IdentifyData, AHX_TAG);  // expect: DoubleExFreePool
        ext->IdentifyData = NULL;
    }
}

BOOLEAN
AhxInitialize(PVOID DeviceExtension)
{
    PAHX_EXTENSION ext = DeviceExtension;

    StorPortNotification(RequestTimerCall, ext, AhxIdentifyWatchdog, 5000000);
    return StorPortEnablePassiveInitialization(ext, AhxPassiveInitialize);
}

BOOLEAN
AhxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAHX_EXTENSION ext = DeviceExtension;

    Srb->SrbStatus = ext->MaxLba != 0 ? SRB_STATUS_SUCCESS : SRB_STATUS_NO_DEVICE;
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
    init.DeviceExtensionSize = sizeof(AHX_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = AhxFindAdapter;
    init.HwInitialize = AhxInitialize;
    init.HwStartIo = AhxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
