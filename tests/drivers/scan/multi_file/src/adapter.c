/* Adapter discovery and setup. */
#include "../mfdrv.h"

static VOID
CompletionDpc(  // expect-entry: HW_DPC_ROUTINE by=registration
    PSTOR_DPC Dpc,
    PVOID HwDeviceExtension,
    PVOID SystemArgument1,
    PVOID SystemArgument2)
{
    PMF_EXT ext = (PMF_EXT)HwDeviceExtension;
    ULONG q;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    for (q = 0; q < ext->ActiveQueues; q++) {
        ext->Queues[q].Tail = ext->Queues[q].Head;
    }
}

ULONG
MfFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=role_type
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    PMF_EXT ext = (PMF_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->ActiveQueues = MF_MAX_QUEUES;
    ConfigInfo->MaximumTransferLength = 0x80000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x81;
    return SP_RETURN_FOUND;
}

BOOLEAN
MfInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PMF_EXT ext = (PMF_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, CompletionDpc);
    return TRUE;
}

VOID
MfRegisterAdapterCallbacks(PHW_INITIALIZATION_DATA Init)
{
    Init->HwInitialize = MfInitialize;
}
