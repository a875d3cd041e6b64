// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: virtual
/*
 * An RAII pool wrapper whose Release() frees without clearing the member, used in
 * scopes left by a jump: `break` out of a retry loop, `continue` to its next turn and
 * `goto` to a common exit. C++ runs the destructor of every object of a scope the jump
 * leaves, before the jump, so each of those paths frees the block a second time
 * (reported in the destructor, once per object the jumps leave behind).
 */
#include <storport.h>

#define RB_TAG 'bRbR'

class ScratchBuffer {
public:
    explicit ScratchBuffer(SIZE_T size)
    {
        m_Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, size, RB_TAG);
    }

    ~ScratchBuffer()
    {
        if (m_Buffer != NULL) {
            ExFreePoolWithTag(m_Buffer, RB_TAG);  // expect: DoubleExFreePool
        }
    }

    void Release()
    {
        ExFreePoolWithTag(m_Buffer, RB_TAG);   // forgets to clear m_Buffer
    }

    PVOID Get() const { return m_Buffer; }

private:
    PVOID m_Buffer;
};

struct RB_ADAPTER {
    ULONG Retries;
    ULONG Mode;
};

static BOOLEAN RbTryTransfer(PVOID Buffer, PSCSI_REQUEST_BLOCK Srb)
{
    return Srb->DataTransferLength != 0 && Buffer != NULL;
}

extern "C" BOOLEAN RbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{

    for (ULONG attempt = 0; attempt < 4; attempt++) {
        ScratchBuffer bounce(Srb->DataTransferLength);
        if (bounce.Get() == NULL) {
            break;
        }
        if (!RbTryTransfer(bounce.Get(), Srb)) {
            bounce.Release();
            break;               // the destructor frees the block again here
        }
        if (Srb->PathId == 2) {
            bounce.Release();
            continue;            // and here
        }
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }

    if (Srb->Lun == 3) {
        ScratchBuffer log(64);
        log.Release();
        goto done;               // and here: `log` is destroyed on the way out
    }

done:
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG RbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PVOID LowerDevice, PCHAR ArgumentString,
                               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" BOOLEAN RbInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

extern "C" ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RB_ADAPTER);
    init.HwFindAdapter = RbFindAdapter;
    init.HwInitialize = RbInitialize;
    init.HwStartIo = RbStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
