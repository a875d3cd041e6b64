// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * The entry point itself is on a cycle of the call graph: HwStorStartIo retries a flush
 * once by calling a drain helper that calls HwStorStartIo again. The inner activation
 * frees the scratch buffer without clearing the pointer; back in the outer one, the
 * buffer is freed again. The path exists only through the recursive call, so it is
 * found only if the entry point's own cycle is solved (its summaries iterated), not cut
 * at the first recursive call.
 */
#include <storport.h>

#define RQ_TAG 'qeRq'

typedef struct _RQ_ADAPTER {
    PVOID Scratch;
    ULONG Retries;
} RQ_ADAPTER, *PRQ_ADAPTER;

HW_STARTIO RqStartIo;
static VOID RqDrain(PRQ_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb);

BOOLEAN RqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRQ_ADAPTER adapter = (PRQ_ADAPTER)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH && adapter->Retries < 1) {
        adapter->Retries++;
        RqDrain(adapter, Srb);
    }
    if (adapter->Scratch != NULL) {
        ExFreePoolWithTag(adapter->Scratch, RQ_TAG);   // expect: DoubleExFreePool
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

static VOID RqDrain(PRQ_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    RqStartIo(Adapter, Srb);
}

HW_FIND_ADAPTER RqFindAdapter;

ULONG RqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again)
{
    PRQ_ADAPTER adapter = (PRQ_ADAPTER)DeviceExtension;

    adapter->Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, 512, RQ_TAG);
    if (adapter->Scratch == NULL)
        return SP_RETURN_ERROR;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

HW_INITIALIZE RqInitialize;

BOOLEAN RqInitialize(PVOID DeviceExtension)
{
    return TRUE;
}
