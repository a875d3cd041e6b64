/*
 * Routines registered from the driver's own tables: an element of a global array of
 * function pointers, a member of a constant operations structure (designated
 * initialiser), a member of a structure filled at run time, and a routine picked from
 * a table into a local first. FtUnused sits in a table nobody registers from.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _FT_EXT {
    STOR_DPC Dpc;
    ULONG Count;
} FT_EXT, *PFT_EXT;

typedef struct _FT_OPS {
    PHW_FIND_ADAPTER Find;
    PHW_INITIALIZE Init;
    PHW_INTERRUPT Isr;
} FT_OPS;

typedef struct _FT_RUNTIME {
    PHW_DPC_ROUTINE Completion;
    PHW_RESET_BUS Reset;
} FT_RUNTIME;

static FT_RUNTIME FtRuntime;

static BOOLEAN
FtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN
FtBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

static BOOLEAN
FtUnused(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return FALSE;
}

static const PHW_STARTIO FtStartTable[] = { FtStartIo };
static const PHW_BUILDIO FtBuildTable[2] = { FtBuildIo, NULL };
static const PHW_STARTIO FtSpareTable[] = { FtUnused };

static VOID
FtCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)  // expect-entry: HW_DPC_ROUTINE by=registration
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ((PFT_EXT)DeviceExtension)->Count++;
}

static BOOLEAN
FtResetBus(PVOID DeviceExtension, ULONG PathId)  // expect-entry: HW_RESET_BUS by=registration
{
    UNREFERENCED_PARAMETER(PathId);
    ((PFT_EXT)DeviceExtension)->Count = 0;
    return TRUE;
}

static BOOLEAN
FtInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

static BOOLEAN
FtInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PFT_EXT ext = (PFT_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, FtRuntime.Completion);
    return TRUE;
}

static ULONG
FtFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PFT_EXT)DeviceExtension)->Count = 0;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

static const FT_OPS FtOps = {
    .Find = FtFindAdapter,
    .Init = FtInitialize,
    .Isr = FtInterrupt,
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;
    PHW_BUILDIO build = FtBuildTable[0];

    FtRuntime.Completion = FtCompletionDpc;
    FtRuntime.Reset = FtResetBus;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = FtOps.Find;
    init.HwInitialize = FtOps.Init;
    init.HwInterrupt = FtOps.Isr;
    init.HwStartIo = FtStartTable[0];
    init.HwBuildIo = build;
    init.HwResetBus = FtRuntime.Reset;
    init.DeviceExtensionSize = sizeof(FT_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
