/*
 * Role-type declarations in every spelling the WDK samples use: plain, extern, with SAL
 * annotations before and after, with __declspec-free `static` (in dldriver.c).
 */
#pragma once

#include <storport.h>

typedef struct _DL_EXT {
    PULONG Mmio;
    STOR_DPC CompletionDpc;
    ULONG Pending;
    BOOLEAN PassiveDone;
} DL_EXT, *PDL_EXT;

DRIVER_INITIALIZE DriverEntry;

extern HW_FIND_ADAPTER DlFindAdapter;
HW_INITIALIZE DlInitialize;
_IRQL_requires_max_(DISPATCH_LEVEL)
HW_STARTIO DlStartIo;
extern _Function_class_(HW_BUILDIO) HW_BUILDIO DlBuildIo;
_IRQL_requires_same_
_IRQL_requires_(DISPATCH_LEVEL)
extern HW_DPC_ROUTINE DlCompletionDpc;
HW_PASSIVE_INITIALIZE_ROUTINE DlPassiveInit   ;

/* Not an entry point: an ordinary helper prototype with the same look. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID DlRingDoorbell(_In_ PDL_EXT Ext, _In_ ULONG Value);
