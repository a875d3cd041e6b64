// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: virtual
/*
 * An RAII pool wrapper: the constructor allocates, the destructor frees. StartIo hands
 * the buffer back early with Release(), which frees it but leaves m_Buffer set, so the
 * destructor C++ calls when `scratch` goes out of scope frees it again -- on the normal
 * exit and on the early `return` alike. Nothing in the source names the destructor call:
 * it is reported on the line the scope ends or the `return` leaves it.
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
            ExFreePoolWithTag(m_Buffer, RW_TAG);  // expect: DoubleExFreePool
        }
    }

    void Release()
    {
        ExFreePoolWithTag(this->m_Buffer, RW_TAG);   // forgets to clear m_Buffer
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
