/*
 * SAL everywhere: on struct fields, parameters, return values, and before the function
 * name on the same line as the declarator. None of it should hide a definition or make
 * a helper look like an entry point.
 */
// expect-kind: physical

#include <storport.h>
#include <sal.h>

typedef struct _SH_BUFFER {
    ULONG Length;
    _Field_size_bytes_(Length) PUCHAR Data;
} SH_BUFFER, *PSH_BUFFER;

typedef struct _SH_EXT {
    _Guarded_by_(Lock) ULONG Outstanding;
    STOR_LOCK_HANDLE Lock;
    _Field_size_(MaxQueues) PSH_BUFFER Queues;
    ULONG MaxQueues;
    PVOID Worker;
} SH_EXT, *PSH_EXT;

_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
_Success_(return != FALSE)
static BOOLEAN
ShCopyIn(
    _Out_writes_bytes_to_(Capacity, *Copied) PUCHAR Destination,
    _In_ ULONG Capacity,
    _In_reads_bytes_(Length) const UCHAR *Source,
    _In_ ULONG Length,
    _Out_ _Deref_out_range_(0, Capacity) PULONG Copied)
{
    ULONG n = Length < Capacity ? Length : Capacity;

    StorPortCopyMemory(Destination, (PVOID)Source, n);
    *Copied = n;
    return n == Length;
}

_Ret_maybenull_ _IRQL_requires_max_(DISPATCH_LEVEL) static PSH_BUFFER ShQueue(_In_ PSH_EXT Ext, _In_range_(<, Ext->MaxQueues) ULONG Index)
{
    return Index < Ext->MaxQueues ? &Ext->Queues[Index] : NULL;
}

_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID
ShWorker(  // expect-entry: HW_WORKITEM by=registration
    _In_ PVOID HwDeviceExtension,
    _In_opt_ PVOID Context,
    _In_ PVOID Worker)
{
    PSH_EXT ext = (PSH_EXT)HwDeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    ext->MaxQueues = ext->MaxQueues > 0 ? ext->MaxQueues : 1;
}

_IRQL_requires_(PASSIVE_LEVEL) _Must_inspect_result_ ULONG ShFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    _Inout_ PVOID DeviceExtension,
    _In_opt_ PVOID HwContext,
    _In_opt_ PVOID BusInformation,
    _In_opt_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ _When_(return == SP_RETURN_FOUND, _Post_equal_to_(FALSE)) PBOOLEAN Again)
{
    PSH_EXT ext = (PSH_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MaxQueues = 2;
    ConfigInfo->MaximumTransferLength = 0x2000;
    ConfigInfo->NumberOfPhysicalBreaks = 3;
    return SP_RETURN_FOUND;
}

_IRQL_requires_(DISPATCH_LEVEL)
_IRQL_requires_same_
_Requires_lock_not_held_(((PSH_EXT)DeviceExtension)->Lock)
BOOLEAN
ShInitialize(_In_ PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PSH_EXT ext = (PSH_EXT)DeviceExtension;
    ULONG status;

    status = StorPortInitializeWorker(ext, &ext->Worker);
    if (status != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    return StorPortQueueWorkItem(ext, ShWorker, ext->Worker, NULL) == STOR_STATUS_SUCCESS;
}

_Use_decl_annotations_ _IRQL_requires_max_(DISPATCH_LEVEL) BOOLEAN ShStartIo(_In_ PVOID DeviceExtension, _Inout_ PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PSH_EXT ext = (PSH_EXT)DeviceExtension;
    PSH_BUFFER queue = ShQueue(ext, Srb->QueueTag % ext->MaxQueues);
    ULONG copied = 0;

    if (queue == NULL ||
        !ShCopyIn(queue->Data, queue->Length, (const UCHAR *)Srb->DataBuffer,
                  Srb->DataTransferLength, &copied)) {
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init = { 0 };

    init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    init.DeviceExtensionSize = sizeof(SH_EXT);
    init.HwFindAdapter = ShFindAdapter;
    init.HwInitialize = ShInitialize;
    init.HwStartIo = ShStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
