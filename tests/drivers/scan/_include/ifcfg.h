/* Shared configuration header for include_dir_flag.c, found only through -I. */
#pragma once

#define IF_HAS_ADAPTER_CONTROL 1
#define IF_REGISTER_UNIT_CONTROL(init) ((init).HwUnitControl = IfUnitControl)
