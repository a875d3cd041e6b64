/* Included with angle brackets from inc\htdrv.h: found in the tree the same way. */
#pragma once
#define HT_QUEUE_DEPTH 32
