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
    # point-to-point: CloakUnderlayHelper; applications: the test suites' topologies.
    module = bld.create_ns3_module('muses', ['core', 'network', 'internet', 'csma', 'stats',
                                             'applications', 'point-to-point'])
    module.use.append('MUSES_SSL')
    module.source = [
        'model/cloak-header.cc',
        'model/cloak-node.cc',
        'model/cloak-record.cc',
        'model/cloak-transport.cc',
        'model/hyperbolic-address.cc',
        'model/checked-stream.cc',
        'model/frame-socket.cc',
        'model/local-address-monitor.cc',
        'model/checked-stream-sink.cc',
        'model/checked-stream-source.cc',
        'model/muses-address.cc',
        'model/muses-aead.cc',
        'model/muses-cipher.cc',
        'model/muses-drop-reason.cc',
        'model/muses-header.cc',
        'model/muses-identifier.cc',
        'model/muses-identity.cc',
        'model/muses-l4-protocol.cc',
        'model/muses-name-table.cc',
        'model/muses-session.cc',
        'model/muses-socket.cc',
        'model/muses-socket-factory.cc',
        'model/muses-transport.cc',
        'model/replay-window.cc',
        'model/static-transport.cc',
        'model/stream-digest.cc',
        'helper/checked-stream-helper.cc',
        'helper/cloak-helper.cc',
        'helper/cloak-underlay-helper.cc',
        'helper/muses-helper.cc',
        'helper/network-event-helper.cc',
        'helper/resumption-tracker.cc',
        'helper/throughput-plot.cc',
        'helper/throughput-sampler.cc',
    ]

    module_test = bld.create_ns3_module_test_library('muses')
    module_test.source = [
        'test/muses-crypto-kat-test-suite.cc',
        'test/muses-header-test-suite.cc',
        'test/muses-cipher-test-suite.cc',
        'test/replay-window-test-suite.cc',
        'test/muses-session-test-suite.cc',
        'test/muses-socket-test-suite.cc',
        'test/muses-helpers-test-suite.cc',
        'test/hyperbolic-address-test-suite.cc',
        'test/cloak-header-test-suite.cc',
        'test/cloak-node-test-suite.cc',
        'test/cloak-record-test-suite.cc',
        'test/muses-identity-test-suite.cc',
        'test/muses-inband-keys-test-suite.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'muses'
    headers.source = [
        'model/cloak-header.h',
        'model/cloak-node.h',
        'model/cloak-record.h',
        'model/cloak-transport.h',
        'model/hyperbolic-address.h',
        'model/checked-stream.h',
        'model/frame-socket.h',
        'model/local-address-monitor.h',
        'model/checked-stream-sink.h',
        'model/checked-stream-source.h',
        'model/muses-address.h',
        'model/muses-aead.h',
        'model/muses-byte-order.h',
        'model/muses-cipher.h',
        'model/muses-drop-reason.h',
        'model/muses-header.h',
        'model/muses-identifier.h',
        'model/muses-identity.h',
        'model/muses-l4-protocol.h',
        'model/muses-name-table.h',
        'model/muses-ns3-compat.h',
        'model/muses-session.h',
        'model/muses-socket.h',
        'model/muses-socket-factory.h',
        'model/muses-transport.h',
        'model/replay-window.h',
        'model/static-transport.h',
        'model/stream-digest.h',
        'helper/checked-stream-helper.h',
        'helper/cloak-helper.h',
        'helper/cloak-underlay-helper.h',
        'helper/muses-helper.h',
        'helper/network-event-helper.h',
        'helper/resumption-tracker.h',
        'helper/throughput-plot.h',
        'helper/throughput-sampler.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
