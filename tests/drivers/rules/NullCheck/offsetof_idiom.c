// check-rules: NullCheck
// expect-status: NullCheck=pass
// expect-kind: physical
/*
 * Near miss: the offsetof idiom takes the address of a member through a NULL pointer
 * without reading anything.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

#define SKEL_OFFSET(type, member) ((ULONG_PTR)&(((type *)0)->member))

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PSKEL_EXT none = NULL;

    ext->Count = (ULONG)SKEL_OFFSET(SKEL_EXT, Buffer);
    ext->Spare = &none->Registers;  // ok: NullCheck
    return TRUE;
}

#include "../_skel_end.h"
