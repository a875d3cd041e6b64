/* The driver's header, in inc\, which the project names as no include directory. It is
 * the only htdrv.h in the tree, so `#include "htdrv.h"` resolves to it (with a note). */
#pragma once

#include <storport.h>
#include <htregs.h>

#define HT_VIRTUAL 1

HW_STARTIO HtStartIo;
HW_RESET_BUS HtResetBus;
