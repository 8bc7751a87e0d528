@ Exception vectors at ITCM address 0 and the reset entry: set the stack at the top of DTCM
@ and enter C.  Every other exception parks the core (it shows as not responding).
    .section .vectors, "ax"
    .arm
    .global _start
_start:
    b reset
    b hang          @ undefined instruction
    b hang          @ software interrupt
    b hang          @ prefetch abort
    b hang          @ data abort
    b hang          @ reserved
    b hang          @ IRQ (unused: the platform polls)
    b hang          @ FIQ
@ ITCM 0x20: the name block (platform.c, section .app_name) follows the vectors
    .section .text.reset, "ax"
    .arm
reset:
    ldr sp, =__stack_top
    bl arm_c_start
hang:
    b hang
