# Helpers that keep every target's flags the same. Sources are always listed by hand.

set(DRAFTBOX_WARNINGS -Wall -Wextra -Wno-deprecated-declarations)
# Warnings are errors only where the compiler is known (scripts/test, CI): a packager's newer or
# older gcc may warn where ours does not, and a warning must not stop their build.
if(DRAFTBOX_WERROR)
  list(APPEND DRAFTBOX_WARNINGS -Werror)
endif()

# draftbox_library(NAME SOURCES a.cc b.cc DEPS other_lib ...)
# A static library for one daemon module, e.g. draftbox_library(store ...) -> target db_store.
# Includes are rooted at daemon/: #include "store/event_log.h".
function(draftbox_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(db_${name} STATIC ${ARG_SOURCES})
  target_include_directories(db_${name} PUBLIC ${PROJECT_SOURCE_DIR}/daemon)
  target_compile_options(db_${name} PRIVATE ${DRAFTBOX_WARNINGS})
  target_link_libraries(db_${name} PUBLIC ${ARG_DEPS})
endfunction()

# draftbox_test(FILE.cc LIBS db_store ... LABELS unit|integration [TIMEOUT secs])
# One GoogleTest executable per test file, named after the file; CTest discovers each test.
function(draftbox_test file)
  cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS;LABELS" ${ARGN})
  get_filename_component(name ${file} NAME_WE)
  add_executable(${name} ${file})
  target_compile_options(${name} PRIVATE ${DRAFTBOX_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/daemon ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  if(TARGET draftbox AND "integration" IN_LIST ARG_LABELS)
    # Integration tests start the real binary: build it first and compile its path in.
    # (CTest's ENVIRONMENT cannot carry it: gtest_discover_tests splits a two-entry list into
    # separate arguments, so only one variable survives; that one is DRAFTBOX_SOURCE_DIR.)
    add_dependencies(${name} draftbox)
    target_compile_definitions(${name} PRIVATE DRAFTBOX_BUILT_BINARY="$<TARGET_FILE:draftbox>")
  endif()
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
               ENVIRONMENT "DRAFTBOX_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
