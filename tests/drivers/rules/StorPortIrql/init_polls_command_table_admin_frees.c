// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * The near miss of pass_init_polls_command_table.c: HwStorInitialize stores the routine
 * that frees pool in the command table itself, then polls at DIRQL; the completion at the
 * slot the device reports may run it there.
 */
#define CT_INIT_STORES_IO_DONE
#include "_command_table.h"

static VOID
CtIoDone(PCt_EXT Ext, PVOID Context)
{
    StorPortFreePool(Ext, Ext->Buffer);                     // expect: StorPortIrql
    Ext->Buffer = NULL;
    StorPortNotification(RequestComplete, Ext, (PSCSI_REQUEST_BLOCK)Context);
}
