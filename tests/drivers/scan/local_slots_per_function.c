/*
 * Locals are slots of their own function. Two functions pick a routine with a
 * conditional expression (each gets a lowering temporary of the same name) and both
 * keep a local called `routine`; only what DriverEntry itself stores in the
 * initialisation data is registered. LsFastPath, LsSlowPath and LsPoll are not entry
 * points: they go to the device extension and to a helper's own local.
 */
// expect-kind: physical

#include <storport.h>

typedef VOID (*LS_HANDLER)(PVOID Ext);

typedef struct _LS_EXT {
    LS_HANDLER Handler;
    ULONG Mode;
} LS_EXT, *PLS_EXT;

BOOLEAN LsUseDefaults;

static VOID
LsFastPath(PVOID Ext)
{
    ((PLS_EXT)Ext)->Mode = 1;
}

static VOID
LsSlowPath(PVOID Ext)
{
    ((PLS_EXT)Ext)->Mode = 2;
}

static VOID
LsPoll(PVOID Ext)
{
    ((PLS_EXT)Ext)->Mode = 3;
}

static VOID
LsChooseHandler(PLS_EXT Ext, BOOLEAN Fast)
{
    LS_HANDLER routine = LsPoll;

    Ext->Handler = Fast ? LsFastPath : LsSlowPath;
    if (Ext->Mode == 0) {
        routine(Ext);
    }
}

static BOOLEAN
LsDefaultInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    LsChooseHandler((PLS_EXT)DeviceExtension, TRUE);
    return TRUE;
}

static BOOLEAN
LsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static ULONG
LsFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PLS_EXT)DeviceExtension)->Mode = 0;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;
    PHW_STARTIO routine = LsStartIo;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = LsFindAdapter;
    init.HwInitialize = LsUseDefaults ? LsDefaultInitialize : NULL;
    init.HwStartIo = routine;
    init.DeviceExtensionSize = sizeof(LS_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
