/* The I/O path. CompletionDpc here is a file-local helper, not adapter.c's DPC routine. */
#include "../mfdrv.h"

static VOID
CompletionDpc(PMF_EXT Ext, ULONG Queue)
{
    Ext->Queues[Queue].Head = Ext->Queues[Queue].Tail;
}

VOID
MfSubmit(PMF_EXT Ext, ULONG Queue, PSCSI_REQUEST_BLOCK Srb)
{
    PMF_QUEUE q = &Ext->Queues[Queue];

    q->Slots[q->Tail % 64] = Srb;
    q->Tail++;
    StorPortWriteRegisterUlong(Ext, (PULONG)(Ext->Bar0 + 0x1000 + Queue * 8), q->Tail);
}

BOOLEAN
MfBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->QueueTag = (UCHAR)(Srb->QueueTag % MF_MAX_QUEUES);
    return TRUE;
}

BOOLEAN
MfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=role_type
{
    PMF_EXT ext = (PMF_EXT)DeviceExtension;

    MfSubmit(ext, Srb->QueueTag % ext->ActiveQueues, Srb);
    return TRUE;
}

BOOLEAN
MfInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=role_type
{
    PMF_EXT ext = (PMF_EXT)DeviceExtension;
    ULONG q;

    for (q = 0; q < ext->ActiveQueues; q++) {
        CompletionDpc(ext, q);
    }
    return TRUE;
}
