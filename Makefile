# spynnaker_backend: the single entry point.  `make help` lists the targets.
#
# Python: the active virtual environment if there is one (VIRTUAL_ENV set), otherwise .venv
# here, created on first use (with access to the system's site-packages, so that what the
# machine already has is not downloaded again).
.DEFAULT_GOAL := help
SHELL := /bin/bash

ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := $(CURDIR)/.venv
endif
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= 2
TEST_PATHS ?= unittests integration_tests
BENCH_OUT ?= build/bench
# test dependencies (nest-simulator and brian2 join for the comparisons); SpiNNMan (the
# [board] extra) for the loopback-board tests, unicorn to run the ARM binaries
TEST_DEPS := pytest pytest-xdist hypothesis matplotlib nest-simulator "SpiNNMan==1!7.4.1" unicorn

NATIVE_SRC := $(sort $(wildcard spynnaker_backend/vm/native/*.c neural_modelling/src/*.c))
NATIVE_HDR := $(wildcard spynnaker_backend/vm/native/*.h neural_modelling/include/*.h \
                         neural_modelling/include/generated/*.h c_models/*/*.h)
NATIVE_INC := -Ineural_modelling/include -Ic_models -Ispynnaker_backend/vm/native

# sanitizers: the C tests, and an ASan+UBSan engine that the Python tests load through
# SPYNNAKER_ENGINE (honoured by spynnaker_backend/vm/engine_library.py)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g
SAN_ENGINE := $(CURDIR)/build/sanitize/libengine_asan.so
# the PyNN layer's connector kernel, loaded through SPYNNAKER_BERNOULLI (pynn/native_draw.py)
BERNOULLI_SRC := spynnaker_backend/pynn/native/bernoulli.c
SAN_BERNOULLI := $(CURDIR)/build/sanitize/libbernoulli_asan.so
# the NEST comparisons run NEST (not our code) in subprocesses and take minutes; the rest of
# the suite exercises every engine path under the sanitizers
SAN_SKIP := --ignore=integration_tests/test_against_nest.py \
            --ignore=integration_tests/test_against_nest_network.py
SAN_ENV := ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# libstdc++ is preloaded with libasan so that ASan's __cxa_throw interceptor finds it when a
# C++ extension (matplotlib, NEST) throws; otherwise ASan aborts in its own CHECK
SAN_PRELOAD := LD_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libstdc++.so)"

# pytest: exit 5 means no test was collected, which must fail, not pass
define run_pytest
	@set +e; $(1) $(PY) -m pytest -n $(PYTEST_WORKERS) $(TEST_PATHS) $(2); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc
endef

# fuzzing (make fuzz) and the thread checks (make tsan): unittests/fuzz/fuzz_machine.c loads
# and runs machine files (spynnaker_backend/vm/machine_file.py) on the engine's C sources
FUZZ_DIR := unittests/fuzz
FUZZ_SRC := $(FUZZ_DIR)/fuzz_machine.c
FUZZ_SECONDS ?= 180
FUZZ_BUILD := $(CURDIR)/build/fuzz
# libFuzzer comes with clang (Debian: apt-get install clang)
FUZZ_CC ?= clang
TSAN_BIN := $(CURDIR)/build/tsan/fuzz_replay

.PHONY: help venv install demo test ctest sanitize arm codegen codegen-check clean distclean bench fuzz fuzz-seeds tsan

help:  ## list the targets
	@echo "spynnaker_backend make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18

venv: $(VENV)/bin/python  ## create .venv (python3 -m venv) unless a virtual environment is active

$(VENV)/bin/python:
	python3 -m venv --system-site-packages $(VENV)

$(VENV)/.deps-installed: $(VENV)/bin/python setup.cfg setup.py pyproject.toml
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	$(PY) -m pip install -q --no-build-isolation -e . $(TEST_DEPS)
	@touch $@

# the engine is built in place (pip install -e), so rebuild it when its C sources change
$(VENV)/.engine-built: $(VENV)/.deps-installed $(NATIVE_SRC) $(NATIVE_HDR) $(BERNOULLI_SRC)
	$(PY) setup.py -q build_ext --inplace
	@touch $@

install: $(VENV)/.engine-built  ## pip install -e . plus the test dependencies

demo: install  ## run examples/synfire.py (prints spike counts, writes a raster PNG)
	$(PY) examples/synfire.py

test: install  ## codegen --check, make ctest, then pytest -n 2 on unittests and integration_tests (incl. PyNN's own scenarios)
	$(PY) -m spynnaker_backend.mapping.dataspec.codegen --check
	$(MAKE) --no-print-directory ctest
	@# the loopback-board and unicorn tests load the ARM binaries: build them when we can
	@if command -v arm-none-eabi-gcc >/dev/null; then \
	    $(MAKE) --no-print-directory arm PYTHON=$(PY) >/dev/null; \
	else echo "arm-none-eabi-gcc not found: the board tests that need build/arm skip"; fi
	$(PY) integration_tests/pynn_scenarios/fetch.py
	$(call run_pytest,)

bench: install  ## side-by-side benchmarks vs NEST and Brian 2, then issue 17's table (not tests; ~45 min; pins numpy<2.4)
	$(PY) -m pip install -q -r benchmarks/requirements.txt
	@mkdir -p $(BENCH_OUT)
	$(PY) benchmarks/bench_mapping.py --json $(BENCH_OUT)/results_mapping.json
	$(PY) benchmarks/bench_synaptic_events.py
	$(PY) benchmarks/bench_va.py --json $(BENCH_OUT)/results_va.json --plot $(BENCH_OUT)/va.png
	$(PY) benchmarks/bench_scaling.py --nest-builds pynn native \
	    --json $(BENCH_OUT)/results_scaling.json --plot $(BENCH_OUT)/scaling.png
	$(PY) benchmarks/bench_microcircuit.py --scale 0.1 --json $(BENCH_OUT)/results_microcircuit.json
	$(PY) benchmarks/bench_microcircuit.py --scale 1.0 --simulators spiNNaker:2 --tstop 1500 \
	    --rates-from 500 --json $(BENCH_OUT)/results_microcircuit_full.json
	$(PY) benchmarks/bench_readback.py
	@echo; echo "issue 17 (results in $(BENCH_OUT); the committed ones: python benchmarks/bench_table.py):"
	@$(PY) benchmarks/bench_table.py --dir $(BENCH_OUT)

ctest:  ## host-compiled C unit tests (unittests/c), -Wall -Wextra -Werror
	@$(MAKE) --no-print-directory -C unittests/c run BUILD=$(CURDIR)/build/ctest

sanitize: install  ## C tests and the Python suite on an ASan+UBSan engine
	@$(MAKE) --no-print-directory -C unittests/c run BUILD=$(CURDIR)/build/ctest-sanitize \
	    SAN_FLAGS="$(SAN_FLAGS)"
	@mkdir -p $(dir $(SAN_ENGINE))
	gcc -shared -fPIC -O1 -std=c11 -pthread -Wall -Wextra $(SAN_FLAGS) $(NATIVE_INC) \
	    -o $(SAN_ENGINE) $(NATIVE_SRC) -lm
	gcc -shared -fPIC -O1 -std=c11 -Wall -Wextra $(SAN_FLAGS) -o $(SAN_BERNOULLI) $(BERNOULLI_SRC)
	$(call run_pytest,SPYNNAKER_ENGINE=$(SAN_ENGINE) SPYNNAKER_BERNOULLI=$(SAN_BERNOULLI) \
	    $(SAN_PRELOAD) $(SAN_ENV),$(SAN_SKIP))

fuzz: install  ## libFuzzer (clang, ASan+UBSan) on machine files seeded from real networks, FUZZ_SECONDS (default 180); crashes land in build/fuzz/crashes
	@command -v $(FUZZ_CC) >/dev/null || { echo "$(FUZZ_CC) not found: apt-get install clang"; exit 1; }
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/crashes
	$(FUZZ_CC) -O1 -g -std=c11 -pthread -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -DVM_FUZZING $(NATIVE_INC) \
	    -o $(FUZZ_BUILD)/fuzz_machine $(FUZZ_SRC) $(NATIVE_SRC) -lm
	cd $(FUZZ_BUILD) && ASAN_OPTIONS=detect_leaks=1 ./fuzz_machine -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=20 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/crashes/ $(FUZZ_BUILD)/corpus \
	    $(CURDIR)/$(FUZZ_DIR)/seeds $(CURDIR)/$(FUZZ_DIR)/corpus

fuzz-seeds: install  ## rewrite the fuzzer's seeds (unittests/fuzz/seeds) from small real networks
	$(PY) $(FUZZ_DIR)/make_seeds.py $(FUZZ_DIR)/seeds

tsan:  ## the engine and its thread tests under ThreadSanitizer (2 and 4 threads, stop conditions, interrupts)
	@mkdir -p $(dir $(TSAN_BIN))
	gcc -O1 -g -std=c11 -pthread -fsanitize=thread -Wall -Wextra -DREPLAY_MAIN $(NATIVE_INC) \
	    -o $(TSAN_BIN) $(FUZZ_SRC) $(NATIVE_SRC) -lm
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" timeout 600 $(TSAN_BIN) --threads 2 $(FUZZ_DIR)/seeds/*.spvm
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" timeout 600 $(TSAN_BIN) --threads 4 $(FUZZ_DIR)/seeds/*.spvm
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" timeout 600 $(TSAN_BIN) --threads 2 --interrupt $(FUZZ_DIR)/seeds/*.spvm
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" timeout 600 $(TSAN_BIN) --threads 3 --interrupt $(FUZZ_DIR)/seeds/*.spvm

ARM_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
arm:  ## cross-compile every per-core binary for an ARM968 core; sizes against ITCM/DTCM
	@command -v arm-none-eabi-gcc >/dev/null || \
	    { echo "arm-none-eabi-gcc not found: apt-get install gcc-arm-none-eabi"; exit 1; }
	@# (six binaries per neuron model: in parallel, one job per host core)
	@$(MAKE) --no-print-directory -j$(ARM_JOBS) -C neural_modelling/arm BUILD=$(CURDIR)/build/arm

codegen: $(VENV)/.deps-installed  ## regenerate the C layout headers and neuron binaries from the Python specs
	$(PY) -m spynnaker_backend.mapping.dataspec.codegen

codegen-check: $(VENV)/.deps-installed  ## fail if the generated C files are stale
	$(PY) -m spynnaker_backend.mapping.dataspec.codegen --check

clean:  ## remove build outputs (build/, the in-place engine, caches); keeps .venv
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
	rm -f spynnaker_backend/vm/_engine*.so spynnaker_backend/pynn/_bernoulli*.so
	rm -f $(VENV)/.engine-built
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean  ## clean, and remove .venv
	rm -rf .venv
