/*
 * The slot table of the pointer-walk drivers (pointer_walk_*.c): StartIo parks each SRB
 * in the slot its queue tag names; the interrupt routine of each driver walks the table
 * with a pointer.
 */
#define SKEL_OWN_STARTIO
#define SKEL_OWN_INTERRUPT

#define PW_SLOTS 8

typedef struct _PW_SLOT {
    PSCSI_REQUEST_BLOCK Srb;
    ULONG Errors;
} PW_SLOT, *PPW_SLOT;

typedef struct _PW_EXT {
    SKEL_EXT Common;
    PW_SLOT Slots[PW_SLOTS];
} PW_EXT, *PPW_EXT;

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPW_EXT ext = (PPW_EXT)DeviceExtension;

    ext->Slots[Srb->QueueTag % PW_SLOTS].Srb = Srb;
    return TRUE;
}
