// expect-kind: physical
#include "../mfdrv.h"

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MF_EXT);
    init.HwFindAdapter = MfFindAdapter;
    init.HwStartIo = MfStartIo;
    init.HwInterrupt = MfInterrupt;
    init.HwBuildIo = MfBuildIo;
    MfRegisterAdapterCallbacks(&init);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
