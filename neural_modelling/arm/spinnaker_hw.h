//! \file
//! \brief The few SpiNNaker (SpiNN-1 chip) registers and addresses the ARM platform touches.
//!
//! Offsets are those of the production chip (the test chip had TCR, RSR, TXDATA, TXKEY at
//! 0x00, 0x04, 0x08, 0x0C; the production chip moved RSR after the transmit registers).
#ifndef SPINNAKER_HW_H
#define SPINNAKER_HW_H

#include <stdint.h>

#define HW_REG(base, offset) (*(volatile uint32_t *) ((base) + (offset)))

//! Communications controller (unbuffered writes).
#define CC_BASE 0x10000000u
#define CC_TCR HW_REG(CC_BASE, 0x00)     //!< transmit control: packet type / status
#define CC_TXDATA HW_REG(CC_BASE, 0x04)  //!< payload of the next packet
#define CC_TXKEY HW_REG(CC_BASE, 0x08)   //!< writing the key sends the packet
#define CC_RSR HW_REG(CC_BASE, 0x0C)     //!< receive status
#define CC_RXDATA HW_REG(CC_BASE, 0x10)  //!< payload of the received packet (read first)
#define CC_RXKEY HW_REG(CC_BASE, 0x14)   //!< key of the received packet (reading frees it)
#define CC_TCR_TX_NOT_FULL 0x10000000u   //!< TCR: the transmit buffer can take a packet
#define CC_TCR_PKT_MC 0x00000000u        //!< TCR control byte of a multicast packet
#define CC_RSR_RX_FULL 0x80000000u       //!< RSR: a received packet is waiting

//! Timer 1 (an ARM SP804 dual timer), clocked at the CPU clock.
#define TIMER_BASE 0x11000000u
#define T1_LOAD HW_REG(TIMER_BASE, 0x00)
#define T1_CONTROL HW_REG(TIMER_BASE, 0x08)
#define T1_INT_CLR HW_REG(TIMER_BASE, 0x0C)
#define T1_RAW_INT HW_REG(TIMER_BASE, 0x10)
#define T1_BG_LOAD HW_REG(TIMER_BASE, 0x18)
#define T1_ENABLE_PERIODIC_32BIT 0xC2u   //!< enable | periodic | 32-bit counter, no prescale

//! DMA controller status: bits 28:24 hold this core's physical number.
#define DMA_BASE 0x30000000u
#define DMA_STAT HW_REG(DMA_BASE, 0x14)

//! SARK's per-core "vcpu" blocks in System RAM; user0..user3 are words the host may set.
#define SV_VCPU 0xE5007000u
#define VCPU_SIZE 128u
#define VCPU_USER0_OFFSET 112u

#define CPU_CLOCK_MHZ 200u

#endif  // SPINNAKER_HW_H
