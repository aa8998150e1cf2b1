/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-runner.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace sweep
{

std::vector<std::string>
Arguments(const std::string& scenario, const fs::path& dir, const Run& run)
{
    std::vector<std::string> args = {scenario, "--outDir=" + dir.string()};
    for (const auto& [name, value] : run.params)
    {
        args.push_back("--" + name + "=" + value);
    }
    return args;
}

namespace
{
/// \return the params file's text for a run \param run the run
std::string
ParamsText(const Run& run)
{
    std::string text;
    for (const auto& [name, value] : run.params)
    {
        text += name + "=" + value + "\n";
    }
    return text;
}

/// \return a file's whole text, empty if it cannot be read \param path the file
std::string
ReadText(const fs::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// \return one line naming a file's build: path, size and modification time
/// \param path the file
std::string
FileStamp(const fs::path& path)
{
    std::error_code error;
    auto size = fs::file_size(path, error);
    auto time = fs::last_write_time(path, error).time_since_epoch().count();
    return path.string() + " " + std::to_string(size) + " " + std::to_string(time) + "\n";
}
} // namespace

std::string
ProgramFingerprint(const std::string& scenario)
{
    std::string fingerprint = FileStamp(fs::absolute(scenario));
    // The libraries the loader resolves ("name => /path (address)"), as ldd lists them.
    FILE* ldd = popen(("ldd " + ShellQuote(scenario) + " 2>/dev/null").c_str(), "r");
    if (!ldd)
    {
        return fingerprint;
    }
    char line[4096];
    while (std::fgets(line, sizeof(line), ldd))
    {
        std::string l(line);
        size_t arrow = l.find("=> /");
        if (arrow == std::string::npos)
        {
            continue;
        }
        std::string path = l.substr(arrow + 3, l.find(" (", arrow) - arrow - 3);
        if (path.rfind("/lib/", 0) != 0 && path.rfind("/lib64/", 0) != 0 &&
            path.rfind("/usr/", 0) != 0)
        {
            fingerprint += FileStamp(path);
        }
    }
    pclose(ldd);
    return fingerprint;
}

void
WriteParams(const fs::path& dir, const Run& run, const std::string& program)
{
    fs::create_directories(dir);
    std::ofstream(dir / "params") << ParamsText(run);
    std::ofstream(dir / "program") << program;
}

int
RunAll(const std::string& scenario, const fs::path& outDir, const std::vector<Run>& runs, int jobs)
{
    std::string program = ProgramFingerprint(scenario);
    std::vector<const Run*> todo;
    size_t stale = 0;
    for (const Run& r : runs)
    {
        fs::path dir = outDir / "runs" / r.id;
        if (!fs::exists(dir / "summary.json"))
        {
            todo.push_back(&r);
        }
        else if (ReadText(dir / "program") != program || ReadText(dir / "params") != ParamsText(r))
        {
            // Another build, or other options: its results are not this sweep's.
            fs::remove(dir / "summary.json");
            todo.push_back(&r);
            ++stale;
        }
    }
    size_t total = todo.size();
    std::cerr << "muses-sweep: " << runs.size() << " runs, " << runs.size() - total
              << " already done, " << stale << " of another build or other options run again, "
              << total << " to run with -j " << jobs << std::endl;
    std::map<pid_t, const Run*> running;
    size_t next = 0;
    size_t done = 0;
    int failed = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < total)
    {
        while (next < total && int(running.size()) < jobs)
        {
            const Run* run = todo[next++];
            fs::path dir = outDir / "runs" / run->id;
            WriteParams(dir, *run, program);
            std::vector<std::string> args = Arguments(scenario, dir, *run);
            std::string log = (dir / "log.txt").string();
            pid_t pid = fork();
            if (pid == 0)
            {
                FILE* f = std::freopen(log.c_str(), "w", stdout);
                if (!f || dup2(fileno(stdout), STDERR_FILENO) < 0)
                {
                    _exit(127);
                }
                std::vector<char*> argv;
                for (auto& a : args)
                {
                    argv.push_back(a.data());
                }
                argv.push_back(nullptr);
                execv(argv[0], argv.data());
                _exit(127);
            }
            running[pid] = run;
        }
        int status = 0;
        pid_t pid = wait(&status);
        if (pid < 0)
        {
            break;
        }
        const Run* run = running[pid];
        running.erase(pid);
        ++done;
        int exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::ofstream(outDir / "runs" / run->id / "exit_status") << exit << "\n";
        bool ok = exit == 0 && fs::exists(outDir / "runs" / run->id / "summary.json");
        if (!ok)
        {
            ++failed;
            std::cerr << "\nmuses-sweep: run " << run->id << " failed, see "
                      << (outDir / "runs" / run->id / "log.txt").string() << std::endl;
        }
        double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double eta = elapsed / done * (total - done);
        std::cerr << "\rmuses-sweep: " << done << "/" << total << " done, " << running.size()
                  << " running, ETA " << std::fixed << std::setprecision(0) << eta << " s   "
                  << std::flush;
    }
    std::cerr << std::endl;
    return failed;
}

void
EmitJobs(const std::string& scenario,
         const fs::path& outDir,
         const std::vector<Run>& runs,
         const std::string& list)
{
    std::ofstream lines(list);
    std::string program = ProgramFingerprint(scenario);
    for (const Run& r : runs)
    {
        fs::path dir = fs::absolute(outDir / "runs" / r.id);
        WriteParams(dir, r, program);
        std::string line;
        for (const std::string& a : Arguments(scenario, dir, r))
        {
            line += (line.empty() ? "" : " ") + ShellQuote(a);
        }
        lines << line << " > " << ShellQuote((dir / "log.txt").string()) << " 2>&1\n";
    }
    std::ofstream slurm(list + ".sbatch");
    slurm << "#!/bin/bash\n#SBATCH --job-name=muses-sweep\n#SBATCH --array=1-" << runs.size()
          << "\n#SBATCH --cpus-per-task=1\n"
          << "# Each array task runs one line of the job list.\n"
          << "sed -n \"${SLURM_ARRAY_TASK_ID}p\" " << ShellQuote(fs::absolute(list).string())
          << " | bash\n";
}

} // namespace sweep
