// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * A creation helper with the usual `goto fail` ladder frees what it allocated and
 * returns a failure status; the caller frees the ring only when creation succeeded.
 * The failure statuses reach the common exit from several paths (a literal
 * STATUS_NO_MEMORY, the status of a failed formatting call, in several loop
 * iterations): the joined status is still a failure, and the status returned stays tied
 * to what the helper freed.
 */
#include <storport.h>

#define QUEUES 4
#define TAG 'gniR'

typedef struct _RING {
    PCHAR Path[QUEUES];
} RING, *PRING;

typedef struct _DEVEXT {
    PRING Ring;
} DEVEXT, *PDEVEXT;

NTSTATUS RingFormatPath(PCHAR Path, ULONG Index);

static NTSTATUS SlotCreate(PRING Ring, ULONG Index)
{
    NTSTATUS status;
    PCHAR path = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG);

    status = STATUS_NO_MEMORY;
    if (path == NULL)
        goto fail1;
    status = RingFormatPath(path, Index);
    if (!NT_SUCCESS(status))
        goto fail2;
    Ring->Path[Index] = path;
    return STATUS_SUCCESS;

fail2:
    ExFreePoolWithTag(path, TAG);
fail1:
    return status;
}

static NTSTATUS RingCreate(PRING *Ring)
{
    NTSTATUS status;
    ULONG index;

    *Ring = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(RING), TAG);
    status = STATUS_NO_MEMORY;
    if (*Ring == NULL)
        goto fail1;
    for (index = 0; index < QUEUES; index++) {
        status = SlotCreate(*Ring, index);
        if (!NT_SUCCESS(status))
            goto fail2;
    }
    return STATUS_SUCCESS;

fail2:
    ExFreePoolWithTag(*Ring, TAG);    // ok: DoubleExFreePool
fail1:
    return status;
}

HW_FIND_ADAPTER RingFindAdapter;

ULONG RingFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                      PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                      PBOOLEAN Again)
{
    PDEVEXT ext = (PDEVEXT)DeviceExtension;
    NTSTATUS status = RingCreate(&ext->Ring);

    if (!NT_SUCCESS(status))
        return SP_RETURN_NOT_FOUND;
    ExFreePoolWithTag(ext->Ring, TAG);    // ok: DoubleExFreePool
    ext->Ring = NULL;
    return SP_RETURN_FOUND;
}
