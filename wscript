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
        'model/cloak/cloak-dht.cc',
        'model/cloak/cloak-header.cc',
        'model/cloak/cloak-messages.cc',
        'model/cloak/cloak-neighbours.cc',
        'model/cloak/cloak-node.cc',
        'model/cloak/cloak-record.cc',
        'model/transport/cloak-transport.cc',
        'model/cloak/hyperbolic-address.cc',
        'model/apps/checked-stream.cc',
        'model/common/frame-socket.cc',
        'model/common/local-address-monitor.cc',
        'model/apps/checked-stream-sink.cc',
        'model/apps/checked-stream-source.cc',
        'model/lcm/muses-address.cc',
        'model/ssm/muses-aead.cc',
        'model/ssm/muses-cipher.cc',
        'model/ssm/muses-drop-reason.cc',
        'model/ssm/muses-header.cc',
        'model/lcm/muses-identifier.cc',
        'model/common/muses-identity.cc',
        'model/lcm/muses-l4-protocol.cc',
        'model/transport/muses-name-table.cc',
        'model/srm/muses-ack-header.cc',
        'model/srm/muses-finished-header.cc',
        'model/srm/muses-handshake.cc',
        'model/srm/muses-path-estimator.cc',
        'model/srm/muses-receiver.cc',
        'model/srm/muses-resume-header.cc',
        'model/srm/muses-rx-buffer.cc',
        'model/srm/muses-sender.cc',
        'model/srm/muses-session.cc',
        'model/srm/muses-tx-buffer.cc',
        'model/lcm/muses-socket.cc',
        'model/lcm/muses-socket-factory.cc',
        'model/transport/muses-transport.cc',
        'model/ssm/replay-window.cc',
        'model/transport/static-transport.cc',
        'model/apps/stream-digest.cc',
        'helper/checked-stream-helper.cc',
        'helper/cloak-helper.cc',
        'helper/block-routing.cc',
        'helper/cloak-underlay-helper.cc',
        'helper/command-line-check.cc',
        'helper/muses-helper.cc',
        'helper/muses-session-flags.cc',
        'helper/network-event-helper.cc',
        'helper/outage-report.cc',
        'helper/paper-topology-helper.cc',
        'helper/resumption-tracker.cc',
        'helper/roaming-helper.cc',
        'helper/summary-writer.cc',
        'helper/throughput-plot.cc',
        'helper/throughput-sampler.cc',
        'helper/transfer-check.cc',
        'helper/underlay-channel.cc',
        'helper/underlay-net-device.cc',
    ]

    module_test = bld.create_ns3_module_test_library('muses')
    module_test.source = [
        'test/muses-crypto-kat-test-suite.cc',
        'test/muses-header-test-suite.cc',
        'test/muses-cipher-test-suite.cc',
        'test/replay-window-test-suite.cc',
        'test/muses-srm-test-suite.cc',
        'test/muses-session-test-suite.cc',
        'test/muses-multihoming-test-suite.cc',
        'test/muses-session-faults-test-suite.cc',
        'test/muses-socket-test-suite.cc',
        'test/frame-socket-test-suite.cc',
        'test/muses-helpers-test-suite.cc',
        'test/hyperbolic-address-test-suite.cc',
        'test/cloak-header-test-suite.cc',
        'test/cloak-messages-test-suite.cc',
        'test/cloak-node-test-suite.cc',
        'test/cloak-record-test-suite.cc',
        'test/muses-identity-test-suite.cc',
        'test/muses-inband-keys-test-suite.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'muses'
    headers.source = [
        'model/cloak/cloak-dht.h',
        'model/cloak/cloak-header.h',
        'model/cloak/cloak-messages.h',
        'model/cloak/cloak-neighbours.h',
        'model/cloak/cloak-node.h',
        'model/cloak/cloak-record.h',
        'model/transport/cloak-transport.h',
        'model/cloak/hyperbolic-address.h',
        'model/apps/checked-stream.h',
        'model/common/frame-socket.h',
        'model/common/local-address-monitor.h',
        'model/apps/checked-stream-sink.h',
        'model/apps/checked-stream-source.h',
        'model/lcm/muses-address.h',
        'model/ssm/muses-aead.h',
        'model/common/muses-byte-order.h',
        'model/ssm/muses-cipher.h',
        'model/ssm/muses-drop-reason.h',
        'model/ssm/muses-header.h',
        'model/lcm/muses-identifier.h',
        'model/common/muses-identity.h',
        'model/common/muses-mix.h',
        'model/lcm/muses-l4-protocol.h',
        'model/transport/muses-name-table.h',
        'model/common/muses-ns3-compat.h',
        'model/common/tcp-link-set.h',
        'model/srm/muses-ack-header.h',
        'model/srm/muses-finished-header.h',
        'model/srm/muses-handshake.h',
        'model/srm/muses-path-estimator.h',
        'model/srm/muses-receiver.h',
        'model/srm/muses-resume-header.h',
        'model/srm/muses-rx-buffer.h',
        'model/srm/muses-sender.h',
        'model/srm/muses-session.h',
        'model/srm/muses-tx-buffer.h',
        'model/lcm/muses-socket.h',
        'model/lcm/muses-socket-factory.h',
        'model/transport/muses-transport.h',
        'model/ssm/replay-window.h',
        'model/transport/static-transport.h',
        'model/apps/stream-digest.h',
        'helper/checked-stream-helper.h',
        'helper/cloak-helper.h',
        'helper/block-routing.h',
        'helper/cloak-underlay-helper.h',
        'helper/command-line-check.h',
        'helper/muses-helper.h',
        'helper/muses-session-flags.h',
        'helper/network-event-helper.h',
        'helper/outage-report.h',
        'helper/paper-topology-helper.h',
        'helper/resumption-tracker.h',
        'helper/roaming-helper.h',
        'helper/summary-writer.h',
        'helper/throughput-plot.h',
        'helper/throughput-sampler.h',
        'helper/transfer-check.h',
        'helper/underlay-channel.h',
        'helper/underlay-net-device.h',
        'helper/wifi-roaming-repair.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
