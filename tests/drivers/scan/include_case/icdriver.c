// expect-kind: physical
#include "MyDrv.h"
#include "inc\IcRegs.h"

VOID
IcPoll(PVOID DeviceExtension)  // expect-entry: HW_TIMER by=registration
{
    PIC_EXT ext = (PIC_EXT)DeviceExtension;

    ext->Polls++;
    if (StorPortReadRegisterUlong(ext, ext->Regs + IC_REG_STATUS) != 0) {
        IC_REGISTER_TIMER(ext);
    }
}

ULONG
IcFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 0x4000;
    ConfigInfo->NumberOfPhysicalBreaks = 5;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IcInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    IC_REGISTER_TIMER(DeviceExtension);
    return TRUE;
}

BOOLEAN
IcBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return Srb != NULL;
}

BOOLEAN
IcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PIC_EXT ext = (PIC_EXT)DeviceExtension;

    StorPortWriteRegisterUlong(ext, ext->Regs + IC_REG_DOORBELL, Srb->QueueTag);
    return TRUE;
}

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(IC_EXT);
    init.HwFindAdapter = IcFindAdapter;
    init.HwInitialize = IcInitialize;
    init.HwStartIo = IcStartIo;
#if IC_ENABLE_BUILDIO
    init.HwBuildIo = IcBuildIo;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
