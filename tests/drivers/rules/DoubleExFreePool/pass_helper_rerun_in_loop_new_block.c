// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * StartIo retries a bounce-buffer set-up: each round a helper allocates a buffer into
 * the extension (NULL when the allocation fails, on a return of its own), StartIo frees
 * it, and the extension keeps the previous round's pointer (`Spare`) for a debugger.
 * Every round frees a block of its own. The helper's two exits are merged, so the
 * buffer it leaves is a value made where they meet; its next run makes one there again,
 * which is a new block, not the previous round's (still held, freed, by `Spare`).
 */
#include "../_skel_begin.h"

#define BB_TAG 'bBkS'

VOID
SkelSetupBounce(PSKEL_EXT ext, ULONG length)
{
    PVOID block = ExAllocatePoolWithTag(NonPagedPoolNx, length, BB_TAG);

    if (block == NULL) {
        ext->Buffer = NULL;
        return;
    }
    ext->Count++;
    ext->Buffer = block;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG round;

    for (round = 0; round < 4; round++) {
        ext->Spare = ext->Buffer;
        SkelSetupBounce(ext, Srb->DataTransferLength);
        if (ext->Buffer != NULL) {
            ExFreePoolWithTag(ext->Buffer, BB_TAG);  // ok: DoubleExFreePool
        }
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#define SKEL_OWN_STARTIO
#include "../_skel_end.h"
