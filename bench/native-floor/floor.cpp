// The train-step benchmark in plain libtorch C++ (see CMakeLists.txt): the same models, data,
// batch order, step loop and JSON line as bench/peer_pytorch.py and bench/LossBench.Bench.
// Options: --model mlp|cnn-small --steps N --warmup N --threads N --rss-steps A,B --seed N --data DIR --profile --quiet
//          --fused-sgd (an experiment: a fused SGD-momentum update instead of torch::optim::SGD)
#include <torch/torch.h>
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

torch::Tensor read_idx(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<unsigned char> data;
  unsigned char buffer[1 << 16];
  int n;
  while ((n = gzread(f, buffer, sizeof buffer)) > 0) data.insert(data.end(), buffer, buffer + n);
  gzclose(f);
  if (data.size() < 4 || data[2] != 0x08) throw std::runtime_error(path + ": not an unsigned-byte IDX file");
  int ndim = data[3];
  std::vector<int64_t> dims;
  for (int i = 0; i < ndim; ++i) {
    const unsigned char* p = &data[4 + 4 * i];
    dims.push_back((int64_t(p[0]) << 24) | (int64_t(p[1]) << 16) | (int64_t(p[2]) << 8) | int64_t(p[3]));
  }
  size_t offset = 4 + 4 * ndim;
  auto t = torch::empty(dims, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), data.data() + offset, t.numel());
  return t;
}

long resident_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double load_average() {
  std::ifstream f("/proc/loadavg");
  double v = 0;
  f >> v;
  return v;
}

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

torch::nn::Sequential create_model(const std::string& name) {
  // Layers are pushed one by one: built as constructor arguments, their (unspecified) evaluation
  // order would draw the initial weights from the generator in a different order than PyTorch.
  namespace nn = torch::nn;
  nn::Sequential s;
  if (name == "mlp") {
    s->push_back(nn::Flatten());
    s->push_back(nn::Linear(784, 256));
    s->push_back(nn::ReLU());
    s->push_back(nn::Linear(256, 256));
    s->push_back(nn::ReLU());
    s->push_back(nn::Linear(256, 10));
  } else if (name == "cnn-small") {
    s->push_back(nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)));
    s->push_back(nn::ReLU());
    s->push_back(nn::MaxPool2d(2));
    s->push_back(nn::Conv2d(nn::Conv2dOptions(32, 64, 3).padding(1)));
    s->push_back(nn::ReLU());
    s->push_back(nn::MaxPool2d(2));
    s->push_back(nn::Flatten());
    s->push_back(nn::Linear(64 * 7 * 7, 10));
  } else {
    throw std::runtime_error("unknown model " + name);
  }
  return s;
}

// An experiment for the report, not a peer: SGD with momentum (dampening 0, no weight decay, no
// Nesterov) as one fused pass per parameter (buf = m * buf + g; p -= lr * buf) instead of
// torch::optim::SGD's three (buf.mul_, buf.add_, p.add_), each its own parallel region.
struct FusedSgd {
  std::vector<at::Tensor> params, buffers;
  float lr, momentum;
  void step() {
    at::NoGradGuard no_grad;
    for (size_t i = 0; i < params.size(); ++i) {
      auto& p = params[i];
      const auto& grad = p.grad();
      if (!grad.defined()) continue;
      bool first = !buffers[i].defined();
      if (first) buffers[i] = at::empty_like(p);
      float* w = p.data_ptr<float>();
      float* b = buffers[i].data_ptr<float>();
      const float* g = grad.data_ptr<float>();
      const float m = momentum, rate = lr;
      at::parallel_for(0, p.numel(), at::internal::GRAIN_SIZE, [&](int64_t begin, int64_t end) {
        if (first)
          for (int64_t k = begin; k < end; ++k) { b[k] = g[k]; w[k] -= rate * g[k]; }
        else
          for (int64_t k = begin; k < end; ++k) { float v = b[k] * m + g[k]; b[k] = v; w[k] -= rate * v; }
      });
    }
  }
};

std::string num(double v) {
  if (std::isnan(v)) return "NaN";
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_name, data_dir = "data/mnist-10k";
  int steps = 10000, warmup = 20, threads = 2, rss_early = 1000, rss_late = 10000, batch = 0;
  uint64_t seed = 0;
  bool profile = false, quiet = false, fused_sgd = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--model") model_name = value();
    else if (a == "--steps") steps = std::stoi(value());
    else if (a == "--warmup") warmup = std::stoi(value());
    else if (a == "--threads") threads = std::stoi(value());
    else if (a == "--batch") batch = std::stoi(value());
    else if (a == "--seed") seed = std::stoull(value());
    else if (a == "--data") data_dir = value();
    else if (a == "--profile") profile = true;
    else if (a == "--quiet") quiet = true;
    else if (a == "--fused-sgd") fused_sgd = true;
    else if (a == "--rss-steps") {
      auto v = value();
      auto comma = v.find(',');
      rss_early = std::stoi(v.substr(0, comma));
      rss_late = std::stoi(v.substr(comma + 1));
    } else if (a == "--loss-every" || a == "--rss-every") value();  // accepted for a shared argument list; unused
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  if (model_name != "mlp" && model_name != "cnn-small") {
    std::cerr << "--model mlp|cnn-small is required\n";
    return 2;
  }
  if (batch == 0) batch = model_name == "mlp" ? 64 : 128;

  torch::set_num_threads(threads);
  torch::manual_seed(seed);

  auto images_u8 = read_idx(data_dir + "/images-idx3-ubyte.gz");
  auto labels_u8 = read_idx(data_dir + "/labels-idx1-ubyte.gz");
  int64_t n = images_u8.size(0);
  auto images = images_u8.reshape({n, 1, images_u8.size(1), images_u8.size(2)}).to(torch::kFloat32).div_(255.0);
  auto labels = labels_u8.to(torch::kInt64);
  auto generator = at::detail::createCPUGenerator(seed);
  auto permutation = torch::randperm(n, generator, torch::kInt64);
  images = images.index_select(0, permutation);
  labels = labels.index_select(0, permutation);
  int64_t batches_per_epoch = n / batch;

  auto model = create_model(model_name);
  auto params = model->parameters();
  torch::optim::SGD optimizer(params, torch::optim::SGDOptions(0.05).momentum(0.9));
  FusedSgd fused{params, std::vector<at::Tensor>(params.size()), 0.05f, 0.9f};

  int early = std::min(rss_early, steps), late = std::min(rss_late, steps);
  long rss_e = 0, rss_l = 0;
  double loss_first = NAN, loss_early = NAN, loss_last = NAN;
  double phases[5] = {0, 0, 0, 0, 0};
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  clock::time_point started;
  double cpu_started = 0;
  long faults_started = 0;

  for (int step = 1; step <= steps; ++step) {
    if (step == warmup + 1) {
      started = clock::now();
      cpu_started = process_cpu_seconds();
      faults_started = minor_faults();
    }
    bool read_loss = step == 1 || step == early || step == steps;
    int64_t start = ((step - 1) % batches_per_epoch) * batch;
    auto t0 = clock::now();
    auto x = images.narrow(0, start, batch);
    auto y = labels.narrow(0, start, batch);
    auto logits = model->forward(x);
    auto t1 = clock::now();
    auto loss = torch::nn::functional::cross_entropy(logits, y);
    auto t2 = clock::now();
    // zero_grad(set_to_none=True): libtorch 1.13's Optimizer::zero_grad() zero-fills instead.
    for (auto& p : params)
      if (p.grad().defined()) p.mutable_grad().reset();
    auto t3 = clock::now();
    loss.backward();
    auto t4 = clock::now();
    if (fused_sgd) fused.step(); else optimizer.step();
    auto t5 = clock::now();
    if (profile && step > warmup) {
      phases[0] += secs(t0, t1);
      phases[1] += secs(t1, t2);
      phases[2] += secs(t2, t3);
      phases[3] += secs(t3, t4);
      phases[4] += secs(t4, t5);
    }
    double value = read_loss ? loss.item<double>() : NAN;
    if (step == 1) loss_first = value;
    if (step == early) {
      loss_early = value;
      rss_e = resident_kb();
    }
    if (step == late) rss_l = resident_kb();
    if (step == steps) loss_last = value;
  }
  double seconds = secs(started, clock::now());
  double cpu_seconds = process_cpu_seconds() - cpu_started;
  long faults = minor_faults() - faults_started;
  int timed = steps - warmup;

  std::ostringstream j;
  j << "{\"framework\": \"" << (fused_sgd ? "libtorch-cpp-fused-sgd" : "libtorch-cpp") << "\", \"model\": \"" << model_name << "\", \"threads\": " << threads
    << ", \"batch\": " << batch << ", \"steps\": " << steps << ", \"warmup\": " << warmup << ", \"timed_steps\": " << timed
    << ", \"seconds\": " << num(seconds) << ", \"images_per_sec\": " << num(timed * double(batch) / seconds)
    << ", \"ms_per_step\": " << num(seconds * 1000 / timed) << ", \"cpu_seconds\": " << num(cpu_seconds)
    << ", \"minor_faults_per_step\": " << num(double(faults) / timed)
    << ", \"loadavg_1m\": " << num(load_average()) << ", \"rss_early_step\": " << early << ", \"rss_early_kb\": " << rss_e
    << ", \"rss_late_step\": " << late << ", \"rss_late_kb\": " << rss_l
    << ", \"rss_late_is_last_step\": " << (steps < rss_late ? "true" : "false")
    << ", \"rss_growth_pct\": " << num(100.0 * (rss_l - rss_e) / rss_e) << ", \"loss_first\": " << num(loss_first)
    << ", \"loss_early\": " << num(loss_early) << ", \"loss_last\": " << num(loss_last)
    << ", \"torch_version\": \"" << TORCH_VERSION << "\", \"runtime\": \"C++\"";
  if (profile) {
    const char* names[] = {"forward", "loss", "zero_grad", "backward", "step"};
    j << ", \"phases_ms\": {";
    for (int i = 0; i < 5; ++i) j << (i ? ", " : "") << "\"" << names[i] << "\": " << num(phases[i] * 1000 / timed);
    j << "}";
  }
  j << "}";
  if (!quiet) {
    std::printf("libtorch-cpp %s: %d steps (%d warm-up), batch %d, %d thread(s)\n", model_name.c_str(), steps, warmup, batch, threads);
    std::printf("  throughput     %12.1f images/s   %.3f ms/step over %d timed steps (%.2f s, CPU %.2f s, %.0f page faults/step)\n",
                timed * double(batch) / seconds, seconds * 1000 / timed, timed, seconds, cpu_seconds, double(faults) / timed);
    std::printf("  RSS @ step %-6d %10ld kB\n  RSS @ step %-6d %10ld kB   growth %+.2f%%\n", early, rss_e, late, rss_l,
                100.0 * (rss_l - rss_e) / rss_e);
    std::printf("  loss           step 1 %.4f, step %d %.4f, last %.4f\n", loss_first, early, loss_early, loss_last);
    if (profile)
      std::printf("  phases (ms)    forward %.3f  loss %.3f  zero_grad %.3f  backward %.3f  step %.3f\n", phases[0] * 1000 / timed,
                  phases[1] * 1000 / timed, phases[2] * 1000 / timed, phases[3] * 1000 / timed, phases[4] * 1000 / timed);
  }
  std::printf("BENCH_JSON %s\n", j.str().c_str());
  return 0;
}
