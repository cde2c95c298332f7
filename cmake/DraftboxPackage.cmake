# The Debian package (scripts/package, docs/deploy.md): what it installs beyond the binary and
# the native messaging host (daemon/cli/CMakeLists.txt installs those in every build), and the
# CPack DEB settings. Only with -DDRAFTBOX_PACKAGE=ON and CMAKE_INSTALL_PREFIX=/usr, because the
# files below belong to fixed system paths (/etc, the systemd user unit directory).
option(DRAFTBOX_PACKAGE "Build the man page and the add-on and configure the .deb (scripts/package)" OFF)
if(NOT DRAFTBOX_PACKAGE)
  return()
endif()
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "DRAFTBOX_PACKAGE needs -DCMAKE_INSTALL_PREFIX=/usr, not ${CMAKE_INSTALL_PREFIX}")
endif()

# Debian's hardening for the shipped binary (lintian's hardening-no-bindnow): the relocation
# table read-only after start-up. Link options only: nothing is compiled again for them.
target_link_options(draftbox PRIVATE -Wl,-z,relro -Wl,-z,now)

set(pkg_src ${PROJECT_SOURCE_DIR}/packaging)
set(pkg_out ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${pkg_out})
# Reproducible: help2man, gzip -n and the xpi's timestamps take the release date, not today's.
set(pkg_date "2026-12-03 12:00:00 UTC")  # the newest entry of packaging/changelog.in
set(pkg_epoch 1796299200)                 # the same, for help2man

# The man page, from the binary's own --help and --version plus packaging/draftbox.h2m.
find_program(DRAFTBOX_HELP2MAN help2man REQUIRED)
add_custom_command(OUTPUT ${pkg_out}/draftbox.1.gz
  COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${pkg_epoch}
          ${DRAFTBOX_HELP2MAN} --no-info --no-discard-stderr --section 1
          --name "writes email drafts into your IMAP Drafts folder"
          --include ${pkg_src}/draftbox.h2m --output ${pkg_out}/draftbox.1 $<TARGET_FILE:draftbox>
  COMMAND gzip -9nf ${pkg_out}/draftbox.1
  DEPENDS draftbox ${pkg_src}/draftbox.h2m
  COMMENT "Writing the man page draftbox(1)")

# The add-on: the files web-ext would pack, zipped by CMake, so a package build needs no npm.
# What to leave out is read from package.json's webExt.ignoreFiles, the list `web-ext build`
# (scripts/build-addon) obeys, so the two cannot drift apart.
set(addon_dir ${PROJECT_SOURCE_DIR}/plugin-thunderbird)
file(READ ${addon_dir}/package.json addon_package)
string(JSON ignore_count LENGTH "${addon_package}" webExt ignoreFiles)
set(addon_ignored node_modules)
math(EXPR ignore_last "${ignore_count} - 1")
foreach(i RANGE ${ignore_last})
  string(JSON ignored GET "${addon_package}" webExt ignoreFiles ${i})
  list(APPEND addon_ignored ${ignored})
endforeach()
file(GLOB addon_entries RELATIVE ${addon_dir} ${addon_dir}/*)
set(addon_contents)
foreach(entry IN LISTS addon_entries)
  if(NOT entry IN_LIST addon_ignored AND NOT entry MATCHES "^\\.")
    list(APPEND addon_contents ${entry})
  endif()
endforeach()
# Globbed so that an edit, or a new module, rebuilds the xpi (the list of what ships is above).
file(GLOB_RECURSE addon_files CONFIGURE_DEPENDS ${addon_dir}/*)
list(FILTER addon_files EXCLUDE REGEX "/plugin-thunderbird/(node_modules|dist|test)/")
add_custom_command(OUTPUT ${pkg_out}/draftbox.xpi
  COMMAND ${CMAKE_COMMAND} -E rm -f ${pkg_out}/draftbox.xpi
  COMMAND ${CMAKE_COMMAND} -E tar cf ${pkg_out}/draftbox.xpi --format=zip
          "--mtime=${pkg_date}" -- ${addon_contents}
  WORKING_DIRECTORY ${addon_dir}
  DEPENDS ${addon_files}
  COMMENT "Packing the Thunderbird add-on draftbox.xpi")

configure_file(${pkg_src}/changelog.in ${pkg_out}/changelog @ONLY)
add_custom_command(OUTPUT ${pkg_out}/changelog.gz
  COMMAND gzip -9nc ${pkg_out}/changelog > ${pkg_out}/changelog.gz
  DEPENDS ${pkg_out}/changelog)

add_custom_target(draftbox_package_files ALL
  DEPENDS ${pkg_out}/draftbox.1.gz ${pkg_out}/draftbox.xpi ${pkg_out}/changelog.gz)

install(FILES ${pkg_src}/draftbox.service DESTINATION lib/systemd/user)
install(FILES ${pkg_src}/config.toml DESTINATION /etc/draftbox)
install(FILES ${pkg_out}/draftbox.xpi DESTINATION share/draftbox)
install(FILES ${pkg_out}/draftbox.1.gz DESTINATION share/man/man1)
install(FILES ${pkg_src}/copyright ${pkg_out}/changelog.gz
              ${PROJECT_SOURCE_DIR}/docs/deploy.md ${PROJECT_SOURCE_DIR}/docs/config.example.toml
        DESTINATION share/doc/draftbox)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME draftbox)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# /etc/draftbox is outside the prefix: install into a staging root with DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT "Draftbox <packages@draftbox.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "writes email drafts into your IMAP Drafts folder")
# The extended description: CPack puts the summary above it and indents each line by one space.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Draftbox writes outbound emails grounded on facts about each recipient and
places every one in the sender's own IMAP Drafts folder, where a person
reviews, edits and sends it from their mail client. It then watches Sent and
INBOX for sends, replies, opt-outs and bounces.
.
This package holds the daemon and its command line, a systemd user service,
the Thunderbird add-on with its native messaging host, and
/etc/draftbox/config.toml for system-wide defaults and locked keys.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "thunderbird")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${pkg_src}/conffiles;${pkg_src}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
