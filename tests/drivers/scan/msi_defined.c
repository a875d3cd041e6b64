/*
 * Scanned with -DUSE_MSI (msi_undefined.c is the same code scanned without).
 * The MSI routine is registered through ConfigInfo->HwMSInterruptRoutine only under
 * USE_MSI; the line-based ISR only without it. Both bodies are always compiled.
 */
// scan-args: -DUSE_MSI
// expect-kind: physical

#include <storport.h>

typedef struct _MS_EXT {
    PULONG Regs;
    ULONG MessageCount;
    BOOLEAN UseMsi;
} MS_EXT, *PMS_EXT;

BOOLEAN
MsMessageIsr(  // expect-entry: HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE by=registration
    PVOID DeviceExtension,
    ULONG MessageId)
{
    PMS_EXT ext = (PMS_EXT)DeviceExtension;

    if (MessageId >= ext->MessageCount) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(ext, ext->Regs + 8 + MessageId, 1);
    return TRUE;
}

BOOLEAN
MsLegacyIsr(
    PVOID DeviceExtension)
{
    PMS_EXT ext = (PMS_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, ext->Regs) == 0) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(ext, ext->Regs, 0);
    return TRUE;
}

ULONG
MsFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    PMS_EXT ext = (PMS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x21;
#ifdef USE_MSI
    ext->UseMsi = TRUE;
    ext->MessageCount = 4;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    ConfigInfo->HwMSInterruptRoutine = MsMessageIsr;
#else
    ext->UseMsi = FALSE;
    ext->MessageCount = 0;
    ConfigInfo->InterruptSynchronizationMode = InterruptSupportNone;
#endif
    return SP_RETURN_FOUND;
}

BOOLEAN
MsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PMS_EXT ext = (PMS_EXT)DeviceExtension;

    StorPortWriteRegisterUlong(ext, ext->Regs + 4, Srb->DataTransferLength);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MS_EXT);
    init.HwFindAdapter = MsFindAdapter;
    init.HwStartIo = MsStartIo;
#ifndef USE_MSI
    init.HwInterrupt = MsLegacyIsr;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
