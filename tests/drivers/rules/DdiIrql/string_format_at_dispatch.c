// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * The ntstrsafe printf routines run in the driver's own code; only their wide-to-ANSI
 * conversions (%S, %ls, %ws, %wZ, %C, %lc, %wc) go through the pageable NLS tables, so
 * those need PASSIVE_LEVEL. The DPC names its queues with "%u" (fine at DISPATCH_LEVEL),
 * logs through a va_list wrapper whose format comes from the caller ("%lu" and the ANSI
 * "%s" fine, "%S" not), and formats a wide string with "%-8ws" (a defect). A literal
 * "%%S" prints a percent sign and an S: no conversion. A format the path does not show
 * (read from the extension) is not reported.
 */
#include <ntstrsafe.h>
#include <storport.h>

typedef struct _Sf_EXT {
    STOR_DPC Dpc;
    CHAR Name[32];
    CHAR Line[128];
    PCSTR Pattern;
    PCWSTR Model;
    ULONG Index;
} Sf_EXT, *PSf_EXT;

static VOID
SfLog(PSf_EXT Ext, PCSTR Format, ...)
{
    va_list args;

    va_start(args, Format);
    RtlStringCbVPrintfA(Ext->Line, sizeof(Ext->Line), Format, args);   // expect: DdiIrql
    va_end(args);
}

VOID
SfDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PSf_EXT ext = (PSf_EXT)DeviceExtension;

    RtlStringCbPrintfA(ext->Name, sizeof(ext->Name), "queue_%u_request", ext->Index); // ok: DdiIrql
    RtlStringCchPrintfA(ext->Name, 32, "100%%S done %u", ext->Index);                 // ok: DdiIrql
    RtlStringCbPrintfA(ext->Name, sizeof(ext->Name), ext->Pattern, ext->Index);         // ok: DdiIrql
    SfLog(ext, "completed %lu requests", ext->Index);
    SfLog(ext, "device %s", ext->Name);
    SfLog(ext, "model %S", ext->Model);
    RtlStringCchPrintfA(ext->Name, 32, "model %-8ws", ext->Model);                      // expect: DdiIrql
}

ULONG
SfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSf_EXT ext = (PSf_EXT)DeviceExtension;

    RtlStringCbPrintfA(ext->Name, sizeof(ext->Name), "adapter %s", ArgumentString);     // ok: DdiIrql
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 32;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SfInitialize(PVOID DeviceExtension)
{
    PSf_EXT ext = (PSf_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, SfDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Sf_EXT);
    init.HwFindAdapter = SfFindAdapter;
    init.HwInitialize = SfInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
