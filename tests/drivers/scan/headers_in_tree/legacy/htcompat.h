/* One of two htcompat.h in the tree: `#include "htcompat.h"` is ambiguous and stays
 * unresolved (a missing include), never a guess. */
#pragma once
HW_ADAPTER_STATE HtLegacyAdapterState;
