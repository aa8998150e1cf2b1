# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# The muses module for waf-era ns-3 trees (<= 3.35): put this directory in contrib/muses.
# CMakeLists.txt is the same module for CMake-era trees; utils/check-build-lists fails
# when the file lists of the two differ.


def configure(conf):
    conf.env['ENABLE_MUSES'] = conf.check_cfg(package='libcrypto', uselib_store='MUSES_SSL',
                                              args=['--cflags', '--libs'], mandatory=False)
    conf.report_optional_feature("muses", "MUSEs and CLOAK (needs OpenSSL libcrypto)",
                                 conf.env['ENABLE_MUSES'],
                                 "libcrypto not found: install libssl-dev")
    if not conf.env['ENABLE_MUSES']:
        conf.env['MODULES_NOT_BUILT'].append('muses')


def build(bld):
    if 'muses' in bld.env['MODULES_NOT_BUILT']:
        return
    module = bld.create_ns3_module('muses', ['core', 'network', 'internet'])
    module.use.append('MUSES_SSL')
    module.source = [
        'model/muses-aead.cc',
        'model/muses-cipher.cc',
        'model/muses-drop-reason.cc',
        'model/muses-header.cc',
        'model/replay-window.cc',
    ]

    module_test = bld.create_ns3_module_test_library('muses')
    module_test.source = [
        'test/muses-crypto-kat-test-suite.cc',
        'test/muses-header-test-suite.cc',
        'test/muses-cipher-test-suite.cc',
        'test/replay-window-test-suite.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'muses'
    headers.source = [
        'model/muses-aead.h',
        'model/muses-cipher.h',
        'model/muses-drop-reason.h',
        'model/muses-header.h',
        'model/replay-window.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
