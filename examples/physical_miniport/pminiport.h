/*
 * pminiport: a small physical Storport miniport for a made-up PCI storage controller
 * with one command queue. It uses message-signaled interrupts when the controller offers
 * them (per-message synchronization, StorPortAcquireMSISpinLock) and a line-based
 * interrupt with full synchronization otherwise; the choice is made once in FindAdapter
 * and remembered in the device extension (UseMsi), which every lock decision follows.
 *
 * It is meant to be free of defects for every Storport rule ddiverify checks.
 */
#pragma once

#include <storport.h>

#define PM_QUEUE_DEPTH      32
#define PM_MAX_SG           33
#define PM_MAX_TRANSFER     ((PM_MAX_SG - 1) * PAGE_SIZE)
#define PM_IO_MESSAGE       0           /* MSI message that signals completions */
#define PM_NO_TAG           0xFFFFFFFF

#define PM_CAP_MSI          0x00000001
#define PM_CTRL_ENABLE      0x00000001
#define PM_CTRL_RESET       0x00000002
#define PM_INT_COMPLETION   0x00000001

#define SCSIOP_READ         0x28
#define SCSIOP_WRITE        0x2A

/* The controller's register block (BAR 0). */
typedef struct _PM_REGISTERS {
    ULONG Capabilities;
    ULONG Control;
    ULONG InterruptStatus;
    ULONG InterruptMask;
    ULONG SubmitLow;
    ULONG SubmitHigh;
    ULONG SubmitTag;
    ULONG CompletedTag;             /* reading pops the completion FIFO; PM_NO_TAG: empty */
    ULONG CompletedStatus;
} PM_REGISTERS, *PPM_REGISTERS;

typedef struct _PM_SG_ENTRY {
    ULONGLONG Address;
    ULONG Length;
    ULONG Reserved;
} PM_SG_ENTRY;

/* The command the controller reads, built in the SRB extension by BuildIo. */
typedef struct _PM_COMMAND {
    UCHAR Opcode;
    UCHAR Lun;
    USHORT SgCount;
    ULONG Blocks;
    ULONGLONG Lba;
    PM_SG_ENTRY Sg[PM_MAX_SG];
} PM_COMMAND, *PPM_COMMAND;

typedef struct _PM_ADAPTER {
    PPM_REGISTERS Registers;
    PSCSI_REQUEST_BLOCK Slots[PM_QUEUE_DEPTH];  /* outstanding SRBs by tag */
    ULONG Outstanding;
    BOOLEAN UseMsi;                 /* TRUE exactly when the mode is per-message */
} PM_ADAPTER, *PPM_ADAPTER;

/* The interrupt-side lock, whichever kind this adapter uses. */
typedef struct _PM_SLOT_LOCK {
    STOR_LOCK_HANDLE Handle;
    ULONG OldIrql;
} PM_SLOT_LOCK, *PPM_SLOT_LOCK;

DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER PmFindAdapter;
HW_INITIALIZE PmInitialize;
HW_BUILDIO PmBuildIo;
HW_STARTIO PmStartIo;
HW_INTERRUPT PmInterrupt;
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE PmMessageInterrupt;
HW_RESET_BUS PmResetBus;
HW_ADAPTER_CONTROL PmAdapterControl;
