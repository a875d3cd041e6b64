// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * HwStorInitialize submits an admin command and polls for its completion at DIRQL. The
 * completion handler finds the command by the slot number the device reports, which the
 * analysis cannot know, and calls the routine stored in that slot. Before initialisation is
 * done only the admin routine can be stored there: the I/O routine, which frees pool, is
 * stored by StartIo, and Storport sends no request before HwStorInitialize returns. The
 * interrupt hands completions to a DPC, where freeing is allowed.
 */
#include "_command_table.h"

static VOID
CtIoDone(PCt_EXT Ext, PVOID Context)
{
    StorPortFreePool(Ext, Ext->Buffer);                     // ok: StorPortIrql -- at DISPATCH_LEVEL
    Ext->Buffer = NULL;
    StorPortNotification(RequestComplete, Ext, (PSCSI_REQUEST_BLOCK)Context);
}
