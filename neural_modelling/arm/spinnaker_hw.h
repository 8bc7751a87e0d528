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
#define CC_PKT_PAYLOAD 0x00020000u       //!< TCR / RSR control byte: a payload word follows
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

// SC&MP's system variables and vcpu_t fields (spinnaker_tools' sark.h / spinnaker.h)
#define SV_BASE 0xF5007F00u
#define SV_P2V_MAP (SV_BASE + 0x94u)       //!< physical -> virtual core number, 20 bytes
#define VCPU_RT_CODE_OFFSET 44u            //!< run-time error code (byte)
#define VCPU_STATE_OFFSET 46u              //!< cpu_state_t (byte)
#define VCPU_APP_ID_OFFSET 47u             //!< application id (byte)
#define VCPU_MBOX_AP_MSG_OFFSET 48u        //!< mailbox message, monitor -> application
#define VCPU_MBOX_AP_CMD_OFFSET 56u        //!< mailbox command, monitor -> application (byte)
#define VCPU_APP_NAME_OFFSET 72u           //!< application name, 16 bytes
#define VCPU_IOBUF_OFFSET 88u              //!< address of the iobuf block
#define SHM_IDLE 0u
#define SHM_SIGNAL 3u                      //!< the mailbox holds a signal (message = signal)

// cpu_state_t values the host waits on (SpiNNMan's CPUState)
#define CPU_STATE_RTE 2u
#define CPU_STATE_INIT 4u
#define CPU_STATE_READY 5u
#define CPU_STATE_RUNNING 7u
#define CPU_STATE_PAUSED 10u
#define CPU_STATE_FINISHED 11u

// signals SC&MP delivers through the mailbox (SpiNNMan's Signal)
#define SIGNAL_STOP 2u
#define SIGNAL_START 3u      //!< run until the table's n_ticks (first run and every resume)
#define SIGNAL_EXIT 8u
#define SIGNAL_USER_1 11u    //!< re-read parameters, state and recording set-up
#define SIGNAL_USER_2 12u    //!< back to tick 0 (re-init from the regions)

#define CPU_CLOCK_MHZ 200u

#endif  // SPINNAKER_HW_H
