/*
 * heap.h - the classic teaching-lab header name. Programs written for a
 * "heap.h" with hinit/halloc/hfree compile unchanged against halloc: the
 * classic API and its errno rules live in halloc.h, the whole contract.
 */
#ifndef HALLOC_CLASSIC_HEAP_H
#define HALLOC_CLASSIC_HEAP_H

#include "halloc.h"

#endif
