/*
 * vminiport: a small virtual Storport miniport that exposes one disk backed by another
 * device (\Device\VmBacking0). StartIo queues each read/write SRB in its SRB extension;
 * a system thread forwards it to the backing device as an IRP and the IRP's completion
 * routine completes the SRB. Tunables come from the service key (MaxLuns, QueueDepth).
 *
 * This example carries two deliberate defects for ddiverify to find (ZwRegistryOpen in
 * DriverEntry, DoubleKeSetEvent in VmStopWorker), each marked on its line with an
 * `expect` annotation naming the rule; everything else is meant to be correct.
 */
#pragma once

#include <ntddk.h>
#include <storport.h>

#define VM_TAG                  'niMV'
#define VM_SECTOR_SIZE          512
#define VM_MAX_TRANSFER         (256 * 1024)
#define VM_DEFAULT_MAX_LUNS     1
#define VM_DEFAULT_QUEUE_DEPTH  32
#define VM_BACKING_DEVICE_NAME  L"\\Device\\VmBacking0"

#define SCSIOP_TEST_UNIT_READY  0x00
#define SCSIOP_READ             0x28
#define SCSIOP_WRITE            0x2A

/* Per-adapter state: the device extension. */
typedef struct _VM_ADAPTER {
    PDEVICE_OBJECT BackingDevice;
    PFILE_OBJECT BackingFile;
    KSPIN_LOCK QueueLock;           /* protects Queue and ServiceIrp */
    LIST_ENTRY Queue;               /* VM_SRB_EXTENSION.Link, oldest first */
    KEVENT WorkEvent;               /* notification event: work queued or stop requested */
    PKTHREAD WorkerThread;
    PIRP ServiceIrp;                /* pending IOCTL_MINIPORT_PROCESS_SERVICE_IRP */
    ULONG MaxLuns;
    BOOLEAN StopRequested;
} VM_ADAPTER, *PVM_ADAPTER;

/* Per-request state, in the SRB extension: no allocation on the I/O path. */
typedef struct _VM_SRB_EXTENSION {
    LIST_ENTRY Link;
    PSCSI_REQUEST_BLOCK Srb;
    PVM_ADAPTER Adapter;
} VM_SRB_EXTENSION, *PVM_SRB_EXTENSION;

extern ULONG VmMaxLuns;
extern ULONG VmQueueDepth;

/* Entry points (role types, as Static Driver Verifier expects them). */
DRIVER_INITIALIZE DriverEntry;
VIRTUAL_HW_FIND_ADAPTER VmFindAdapter;
HW_INITIALIZE VmInitialize;
HW_STARTIO VmStartIo;
HW_RESET_BUS VmResetBus;
HW_ADAPTER_CONTROL VmAdapterControl;
HW_FREE_ADAPTER_RESOURCES VmFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST VmProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP VmCompleteServiceIrp;
KSTART_ROUTINE VmWorkerThread;
IO_COMPLETION_ROUTINE VmIoCompletion;

/* vmio.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS VmQueryUlong(_In_ HANDLE Key, _In_z_ PCWSTR Name, _Out_ PULONG Value);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID VmCompleteSrb(_In_ PVM_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb, _In_ UCHAR Status);

_IRQL_requires_(PASSIVE_LEVEL)
VOID VmStopWorker(_Inout_ PVM_ADAPTER Adapter);
