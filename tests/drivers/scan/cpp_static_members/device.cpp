#include "device.hpp"

NTSTATUS CQueue::Setup(PVOID devext)
{
    depth_ = 64;
    StorPortInitializeDpc(devext, &dpc_, CompletionDpc);
    return STATUS_SUCCESS;
}

VOID CQueue::CompletionDpc(PSTOR_DPC Dpc, PVOID DevExt, PVOID Arg1, PVOID Arg2)  // expect-entry: HW_DPC_ROUTINE by=role_type
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    CQueue* queue = (CQueue*)Arg1;
    queue->depth_ = 0;
    StorPortNotification(RequestComplete, DevExt, nullptr);
}

NTSTATUS CDevice::Configure(PPORT_CONFIGURATION_INFORMATION info)
{
    info->HwMSInterruptRoutine = CDevice::MsixIsr;
    info->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    return queue_.Setup(this);
}

bool CDevice::Restart()
{
    if (StorPortInitializeWorker(this, &worker_) != STOR_STATUS_SUCCESS) {
        return false;
    }
    return StorPortQueueWorkItem(this, RestartWorker, worker_, nullptr) == STOR_STATUS_SUCCESS;
}

BOOLEAN CDevice::MsixIsr(PVOID DevExt, ULONG MessageId)  // expect-entry: HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE by=role_type
{
    UNREFERENCED_PARAMETER(MessageId);
    CDevice* dev = (CDevice*)DevExt;
    dev->restarts_ += 0;
    return TRUE;
}

VOID CDevice::RestartWorker(PVOID DevExt, PVOID Context, PVOID Worker)  // expect-entry: HW_WORKITEM by=role_type
{
    UNREFERENCED_PARAMETER(Context);
    CDevice* dev = (CDevice*)DevExt;
    dev->restarts_++;
    StorPortFreeWorker(DevExt, Worker);
}
