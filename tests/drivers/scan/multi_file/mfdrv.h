/* Shared declarations of the multi-file driver: role types here, bodies elsewhere. */
#ifndef MFDRV_H
#define MFDRV_H

#include <storport.h>

#define MF_MAX_QUEUES 4

typedef struct _MF_QUEUE {
    ULONG Head;
    ULONG Tail;
    PSCSI_REQUEST_BLOCK Slots[64];
} MF_QUEUE, *PMF_QUEUE;

typedef struct _MF_EXT {
    PUCHAR Bar0;
    MF_QUEUE Queues[MF_MAX_QUEUES];
    STOR_DPC CompletionDpc;
    ULONG ActiveQueues;
} MF_EXT, *PMF_EXT;

HW_FIND_ADAPTER MfFindAdapter;
HW_STARTIO MfStartIo;
HW_INTERRUPT MfInterrupt;

/* adapter.c */
BOOLEAN MfInitialize(PVOID DeviceExtension);
VOID MfRegisterAdapterCallbacks(PHW_INITIALIZATION_DATA Init);

/* io.c */
VOID MfSubmit(PMF_EXT Ext, ULONG Queue, PSCSI_REQUEST_BLOCK Srb);
BOOLEAN MfBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

#endif
