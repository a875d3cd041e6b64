/* Register layout; included with a Windows path, "inc\IcRegs.h". */
#pragma once

#define IC_POLL_USEC 250000
#define IC_REG_STATUS 0
#define IC_REG_DOORBELL 1
