// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: virtual
/*
 * The correct twin of cpp_raii_release_then_destructor.cpp: Release() clears m_Buffer
 * after freeing it, so the destructor C++ runs at the end of `scratch`'s scope (and on
 * each `return`) sees NULL and frees nothing; a second wrapper in a nested scope is
 * destroyed at the end of that scope, before the first.
 */
#include <storport.h>

#define RW_TAG 'wRwR'

class PoolBuffer {
public:
    explicit PoolBuffer(SIZE_T size)
        : m_Size(size)
    {
        m_Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, size, RW_TAG);
    }

    ~PoolBuffer()
    {
        if (m_Buffer != NULL) {
            ExFreePoolWithTag(m_Buffer, RW_TAG);  // ok: DoubleExFreePool
        }
    }

    void Release()
    {
        ExFreePoolWithTag(this->m_Buffer, RW_TAG);
        m_Buffer = NULL;   // ok: DoubleExFreePool -- the destructor then frees nothing
    }

    PVOID Get() const { return m_Buffer; }

private:
    PVOID m_Buffer;
    SIZE_T m_Size;
};

struct RW_ADAPTER {
    ULONG Started;
};

extern "C" BOOLEAN RwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PoolBuffer scratch(Srb->DataTransferLength);

    if (scratch.Get() == NULL) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        scratch.Release();
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    {
        PoolBuffer sense(32);
        RtlZeroMemory(sense.Get(), 32);
    }
    RtlZeroMemory(scratch.Get(), Srb->DataTransferLength);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

extern "C" ULONG RwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PVOID LowerDevice, PCHAR ArgumentString,
                               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

extern "C" BOOLEAN RwInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

extern "C" ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RW_ADAPTER);
    init.HwFindAdapter = RwFindAdapter;
    init.HwInitialize = RwInitialize;
    init.HwStartIo = RwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
