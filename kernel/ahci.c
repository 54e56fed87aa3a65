/* ahci.c: placeholder until the AHCI driver lands. */
#include "kernel/blk.h"

void ahci_probe(void)
{
}
