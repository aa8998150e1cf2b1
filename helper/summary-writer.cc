/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "summary-writer.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

SummaryWriter&
SummaryWriter::AddRaw(const std::string& key, std::string json)
{
    m_members.emplace_back(key, std::move(json));
    return *this;
}

SummaryWriter&
SummaryWriter::Merge(const SummaryWriter& other)
{
    m_members.insert(m_members.end(), other.m_members.begin(), other.m_members.end());
    return *this;
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, Time value)
{
    return value.IsNegative() ? AddNull(key) : Add(key, value.GetSeconds());
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, double value)
{
    if (std::isnan(value))
    {
        return AddNull(key);
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(6) << value;
    return AddRaw(key, os.str());
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, uint64_t value)
{
    return AddRaw(key, std::to_string(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, uint32_t value)
{
    return AddRaw(key, std::to_string(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, int64_t value)
{
    return AddRaw(key, std::to_string(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, int value)
{
    return AddRaw(key, std::to_string(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, bool value)
{
    return AddRaw(key, value ? "true" : "false");
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, const std::string& value)
{
    return AddRaw(key, Quote(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, const char* value)
{
    return AddRaw(key, Quote(value));
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, const SummaryWriter& value)
{
    return AddRaw(key, value.Inline());
}

SummaryWriter&
SummaryWriter::Add(const std::string& key, const std::vector<SummaryWriter>& values)
{
    std::string json = "[";
    for (size_t i = 0; i < values.size(); ++i)
    {
        json += (i ? ", " : "") + values[i].Inline();
    }
    return AddRaw(key, json + "]");
}

SummaryWriter&
SummaryWriter::AddNull(const std::string& key)
{
    return AddRaw(key, "null");
}

std::string
SummaryWriter::Quote(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += char(c);
        }
        else if (c < 0x20)
        {
            char escaped[8];
            std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
            out += escaped;
        }
        else
        {
            out += char(c);
        }
    }
    return out + "\"";
}

std::string
SummaryWriter::Inline() const
{
    std::string out = "{";
    for (size_t i = 0; i < m_members.size(); ++i)
    {
        out += (i ? ", " : "") + Quote(m_members[i].first) + ": " + m_members[i].second;
    }
    return out + "}";
}

std::string
SummaryWriter::ToString() const
{
    std::string out = "{\n";
    for (size_t i = 0; i < m_members.size(); ++i)
    {
        out += "  " + Quote(m_members[i].first) + ": " + m_members[i].second +
               (i + 1 < m_members.size() ? ",\n" : "\n");
    }
    return out + "}\n";
}

bool
SummaryWriter::Write(const std::string& path) const
{
    std::ofstream file(path);
    file << ToString();
    file.close();
    return bool(file);
}

} // namespace ns3
