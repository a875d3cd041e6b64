// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: virtual
/*
 * The correct twin of cpp_raii_break_goto_destructor.cpp: Release() clears the member,
 * so the destructor a `break`, `continue` or `goto` runs finds nothing to free. The
 * objects the jumps leave are destroyed once on each path: on the jump, not again at the
 * end of the scope the path never reaches (a second destructor call would free twice).
 * An object of a scope the jump stays in (`outer`, declared before the loop) is not
 * destroyed by it, only at its own scope's end.
 */
#include <storport.h>

#define RC_TAG 'cRcR'

class ScratchBuffer {
public:
    explicit ScratchBuffer(SIZE_T size)
    {
        m_Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, size, RC_TAG);
    }

    ~ScratchBuffer()
    {
        if (m_Buffer != NULL) {
            ExFreePoolWithTag(m_Buffer, RC_TAG);  // ok: DoubleExFreePool
        }
    }

    void Release()
    {
        if (m_Buffer != NULL) {
            ExFreePoolWithTag(m_Buffer, RC_TAG);  // ok: DoubleExFreePool
            m_Buffer = NULL;
        }
    }

    PVOID Get() const { return m_Buffer; }

private:
    PVOID m_Buffer;
};

struct RC_ADAPTER {
    ULONG Retries;
    ULONG Mode;
};

extern "C" BOOLEAN RcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    ScratchBuffer outer(32);

    for (ULONG attempt = 0; attempt < 4; attempt++) {
        ScratchBuffer bounce(Srb->DataTransferLength);
        if (bounce.Get() == NULL) {
            break;
        }
        if (Srb->DataTransferLength == 0) {
            bounce.Release();
            break;
        }
        if (Srb->PathId == 2) {
            continue;
        }
        while (Srb->TargetId == 4 && outer.Get() != NULL) {
            ScratchBuffer inner(16);
            if (inner.Get() == NULL) {
                goto done;       // leaves inner, then bounce; outer stays
            }
            break;
        }
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }

    {
        ScratchBuffer log(64);
        if (log.Get() == NULL) {
            goto done;
        }
        log.Release();
    }

done:
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG RcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PVOID LowerDevice, PCHAR ArgumentString,
                               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" BOOLEAN RcInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

extern "C" ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RC_ADAPTER);
    init.HwFindAdapter = RcFindAdapter;
    init.HwInitialize = RcInitialize;
    init.HwStartIo = RcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
