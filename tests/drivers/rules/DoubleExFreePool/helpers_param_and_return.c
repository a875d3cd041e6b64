// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * Double free reached only through helpers. HwStorBuildIo gets an SMP frame from an
 * allocating helper (returned to it), hands it to SasSendSmp, and on a send failure
 * releases it through SasReleaseFrame; SasFinishSmp then releases the same frame again
 * through the same helper. The violation is the second execution of the free inside
 * SasReleaseFrame, so that is the reported line.
 */

#include <storport.h>

#define SAS_TAG         'FpmS'
#define SAS_REG_SMP     0x40

typedef struct _SAS_EXTENSION {
    PULONG Registers;
    ULONG SmpFrameSize;
    ULONG SmpFailures;
} SAS_EXTENSION, *PSAS_EXTENSION;

static PVOID
SasAllocSmpFrame(PSAS_EXTENSION Ext)
{
    PVOID frame = ExAllocatePoolWithTag(NonPagedPoolNx, Ext->SmpFrameSize, SAS_TAG);

    if (frame != NULL) {
        RtlZeroMemory(frame, Ext->SmpFrameSize);
    }
    return frame;
}

static VOID
SasReleaseFrame(PVOID Frame)
{
    ExFreePoolWithTag(Frame, SAS_TAG);      // expect: DoubleExFreePool
}

static BOOLEAN
SasSendSmp(PSAS_EXTENSION Ext, PVOID Frame)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + SAS_REG_SMP, (ULONG)(ULONG_PTR)Frame);
    return (StorPortReadRegisterUlong(Ext, Ext->Registers + SAS_REG_SMP + 1) & 1) == 0;
}

static VOID
SasFinishSmp(PSAS_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, PVOID Frame)
{
    Srb->SrbStatus = Ext->SmpFailures != 0 ? SRB_STATUS_ERROR : SRB_STATUS_SUCCESS;
    SasReleaseFrame(Frame);
}

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    ext->SmpFrameSize = 1032;
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_ERROR;
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSAS_EXTENSION ext = DeviceExtension;
    PVOID frame;

    if (Srb->Function != SRB_FUNCTION_IO_CONTROL) {
        return TRUE;
    }
    frame = SasAllocSmpFrame(ext);
    if (frame == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return FALSE;
    }
    if (!SasSendSmp(ext, frame)) {
        ext->SmpFailures++;
        SasReleaseFrame(frame);
    }
    SasFinishSmp(ext, Srb, frame);
    StorPortNotification(RequestComplete, ext, Srb);
    return FALSE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SAS_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwBuildIo = SasBuildIo;
    init.HwStartIo = SasStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
