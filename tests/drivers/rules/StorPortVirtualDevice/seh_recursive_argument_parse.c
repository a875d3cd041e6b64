// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * FindAdapter parses its ArgumentString (from the INF's DriverParameter) inside
 * __try/__except with a recursive token parser. An "emulate" token sets an option that
 * FindAdapter then copies into VirtualDevice. The argument string is unknown, so the
 * path through the recursive helper that sets the option is feasible.
 */

#include <storport.h>

typedef struct _HBA_OPTIONS {
    BOOLEAN Emulate;
    ULONG Tokens;
} HBA_OPTIONS, *PHBA_OPTIONS;

typedef struct _HBA_EXT {
    HBA_OPTIONS Options;
} HBA_EXT, *PHBA_EXT;

static PCHAR
HbaNextToken(PCHAR Arg)
{
    while (*Arg != '\0' && *Arg != ';') {
        Arg++;
    }
    return *Arg == ';' ? Arg + 1 : Arg;
}

static VOID
HbaParseArguments(PCHAR Arg, PHBA_OPTIONS Options)
{
    if (Arg == NULL || *Arg == '\0') {
        return;
    }
    Options->Tokens++;
    if (_strnicmp(Arg, "emulate", 7) == 0) {
        Options->Emulate = TRUE;
    }
    HbaParseArguments(HbaNextToken(Arg), Options);
}

ULONG
HbaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    ext->Options.Emulate = FALSE;
    ext->Options.Tokens = 0;
    __try {
        HbaParseArguments(ArgumentString, &ext->Options);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        ext->Options.Emulate = FALSE;
    }
    ConfigInfo->VirtualDevice = ext->Options.Emulate;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
HbaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HbaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(HBA_EXT);
    init.HwFindAdapter = HbaFindAdapter;
    init.HwInitialize = HbaInitialize;
    init.HwStartIo = HbaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
