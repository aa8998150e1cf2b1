/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SUMMARY_WRITER_H
#define SUMMARY_WRITER_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A JSON object built key by key, typed, for a scenario's summary.json.
 *
 * Keys keep the order they were added in. Times are written in seconds, and a negative Time
 * (the helpers' way of saying "never happened") is written null, as are NaNs. Objects and
 * lists of objects nest. muses-sweep reads any such file into its results.csv.
 *
 * \code
 *   SummaryWriter summary;
 *   summary.Add("move_at_s", outage.start).Add("bytes_lost", check.GetBytesLost());
 *   if (!summary.Write(outDir + "/summary.json")) { ... }
 * \endcode
 */
class SummaryWriter
{
  public:
    /// \param key a key \param value seconds; null when negative \return this
    SummaryWriter& Add(const std::string& key, Time value);
    /// \param key a key \param value a number (6 decimals); null when NaN \return this
    SummaryWriter& Add(const std::string& key, double value);
    /// \param key a key \param value a count \return this
    SummaryWriter& Add(const std::string& key, uint64_t value);
    /// \param key a key \param value a count \return this
    SummaryWriter& Add(const std::string& key, uint32_t value);
    /// \param key a key \param value a signed count \return this
    SummaryWriter& Add(const std::string& key, int64_t value);
    /// \param key a key \param value a signed count \return this
    SummaryWriter& Add(const std::string& key, int value);
    /// \param key a key \param value true or false \return this
    SummaryWriter& Add(const std::string& key, bool value);
    /// \param key a key \param value a string (escaped) \return this
    SummaryWriter& Add(const std::string& key, const std::string& value);
    /// \param key a key \param value a string (escaped) \return this
    SummaryWriter& Add(const std::string& key, const char* value);
    /// \param key a key \param value an object \return this
    SummaryWriter& Add(const std::string& key, const SummaryWriter& value);
    /// \param key a key \param values a list of objects \return this
    SummaryWriter& Add(const std::string& key, const std::vector<SummaryWriter>& values);
    /// \param key a key: null \return this
    SummaryWriter& AddNull(const std::string& key);
    /// Append another summary's members, in their order. \param other it \return *this
    SummaryWriter& Merge(const SummaryWriter& other);

    /**
     * \param key a key
     * \param counts a map from names to counts (drop reasons, say), written as an object
     * \return this
     */
    template <typename Map>
    SummaryWriter& AddCounts(const std::string& key, const Map& counts)
    {
        SummaryWriter object;
        for (const auto& [name, count] : counts)
        {
            object.Add(name, count);
        }
        return Add(key, object);
    }

    /// \return the object as JSON, one key per line at the top level
    std::string ToString() const;

    /// \param path a file \return false when it could not be written
    bool Write(const std::string& path) const;

  private:
    /// \param key a key \param json its value, already JSON \return this
    SummaryWriter& AddRaw(const std::string& key, std::string json);
    /// \param text any text \return it as a JSON string
    static std::string Quote(const std::string& text);
    /// \return the object on one line (nested values)
    std::string Inline() const;

    std::vector<std::pair<std::string, std::string>> m_members; //!< Key, value as JSON
};

} // namespace ns3

#endif /* SUMMARY_WRITER_H */
