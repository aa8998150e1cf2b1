/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-runner.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
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

void
WriteParams(const fs::path& dir, const Run& run)
{
    fs::create_directories(dir);
    std::ofstream out(dir / "params");
    for (const auto& [name, value] : run.params)
    {
        out << name << "=" << value << "\n";
    }
}

int
RunAll(const std::string& scenario, const fs::path& outDir, const std::vector<Run>& runs, int jobs)
{
    std::vector<const Run*> todo;
    for (const Run& r : runs)
    {
        if (!fs::exists(outDir / "runs" / r.id / "summary.json"))
        {
            todo.push_back(&r);
        }
    }
    size_t total = todo.size();
    std::cerr << "muses-sweep: " << runs.size() << " runs, " << runs.size() - total
              << " already done, " << total << " to run with -j " << jobs << std::endl;
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
            WriteParams(dir, *run);
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
        bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                  fs::exists(outDir / "runs" / run->id / "summary.json");
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
    for (const Run& r : runs)
    {
        fs::path dir = fs::absolute(outDir / "runs" / r.id);
        WriteParams(dir, r);
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
