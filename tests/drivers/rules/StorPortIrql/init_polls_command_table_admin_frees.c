// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * The near miss of pass_init_polls_command_table.c: HwStorInitialize stores the routine
 * that frees pool in the command table itself, then polls at DIRQL; the completion at the
 * slot the device reports may run it there.
 */
#include "_command_table.h"

static VOID
CtIoDone(PCt_EXT Ext, PVOID Context)
{
    StorPortFreePool(Ext, Ext->Buffer);                     // expect: StorPortIrql
    Ext->Buffer = NULL;
    StorPortNotification(RequestComplete, Ext, (PSCSI_REQUEST_BLOCK)Context);
}

BOOLEAN
CtInitialize(PVOID DeviceExtension)
{
    PCt_EXT ext = (PCt_EXT)DeviceExtension;
    ULONG tries;

    StorPortInitializeDpc(ext, &ext->Dpc, CtDpc);
    ext->Table[0].Done = CtAdminDone;
    ext->Table[0].Context = NULL;
    ext->Table[1].Done = CtIoDone;
    ext->Table[1].Context = NULL;
    StorPortWriteRegisterUlong(ext, ext->Doorbell, 0);
    for (tries = 0; tries < 100; tries++) {
        if (CtProcessCompletions(ext)) {
            break;
        }
        StorPortStallExecution(10);
    }
    return ext->AdminState == 1;
}
