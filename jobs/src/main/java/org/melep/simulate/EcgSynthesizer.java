package org.melep.simulate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.melep.corpus.CorpusSchema;

/**
 * Synthesises a 12-lead ECG from a record's conditions: a beat model in the spirit of ECGSYN
 * (McSharry et al. 2003), where each beat is a sum of Gaussian waves (P, Q, R, S, T and the extra
 * waves a condition adds), each wave a cardiac dipole projected on the leads by {@link
 * LeadProjection}. Beat times carry heart-rate variability (respiratory sinus arrhythmia plus
 * jitter); the recording adds atrial activity (AF fibrillatory waves, AFL flutter waves), per-lead
 * gains, baseline wander and white noise. See {@code docs/simulate.md} for the mapping of each
 * condition to the signal.
 *
 * <p>Not thread-safe: one instance per task; {@link #signal()} is overwritten by each call.
 */
public final class EcgSynthesizer {
  private static final int NOISE_SIZE = 1 << 18;
  private static final int WANDER_COMPONENTS = 3;

  /** Standard normal values, fixed for all runs (seeded), read with a random start and stride. */
  private static final float[] NOISE = gaussianTable();

  private final double fs;
  private final int n;
  private final double duration;
  private final float[] sig;
  private final double[] gauss;
  private final float[] atrial;
  private final float[][] wander;
  private final short[] quantised;
  private final float[] mains;
  private final double[] atrialLeads = new double[12];

  /** This record's precordial electrode directions (placement varies per record). */
  private final double[][] precordial = new double[6][3];

  /** Beat capacity: beats are at least 250 ms apart over [-1.5 s, duration + 3.5 s]. */
  private final int maxBeats;

  private final double[] beatTime;
  private final byte[] beatType;
  private int nBeats;
  private final Beat normal = new Beat();
  private final Beat pac = new Beat();
  private final Beat pvc = new Beat();

  private static final byte NORMAL = 0;
  private static final byte PAC_BEAT = 1;
  private static final byte PVC_BEAT = 2;

  public EcgSynthesizer(double samplingRate, int nSamples) {
    if (!(samplingRate > 0) || nSamples <= 0) {
      throw new IllegalArgumentException(
          "Cannot create synthesizer: need a positive rate and length: "
              + samplingRate
              + " Hz, "
              + nSamples
              + " samples");
    }
    this.fs = samplingRate;
    this.n = nSamples;
    this.duration = nSamples / samplingRate;
    this.maxBeats = (int) Math.ceil((duration + 5.0) / 0.25) + 8;
    this.beatTime = new double[maxBeats];
    this.beatType = new byte[maxBeats];
    this.sig = new float[CorpusSchema.N_LEADS * nSamples];
    this.gauss = new double[nSamples];
    this.atrial = new float[nSamples];
    this.wander = new float[WANDER_COMPONENTS][nSamples];
    this.quantised = new short[sig.length];
    this.mains = new float[nSamples];
  }

  public int nSamples() {
    return n;
  }

  /** The last synthesised signal, millivolts, lead-major ({@code [lead * nSamples + sample]}). */
  public float[] signal() {
    return sig;
  }

  /** The last signal as {@code [lead][sample]} millivolts (a copy). */
  public float[][] leads() {
    float[][] out = new float[CorpusSchema.N_LEADS][n];
    for (int l = 0; l < out.length; l++) {
      System.arraycopy(sig, l * n, out[l], 0, n);
    }
    return out;
  }

  /**
   * Writes the last signal quantised with {@code gain} (units per mV, round to nearest, clipped to
   * int16) as little-endian int16, lead-major: the same bytes as {@code
   * EcgSignal.encode(EcgSignal.quantise(leads(), gain))}.
   */
  public byte[] encode(double gain) {
    short[] q = quantised;
    for (int i = 0; i < sig.length; i++) {
      // floor(x + 0.5) == Math.round(x) here: x = float * gain is exact in double, so x + 0.5
      // does not round; floor vectorises, Math.round does not
      double x = Math.floor(sig[i] * gain + 0.5);
      q[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x));
    }
    byte[] out = new byte[sig.length * 2];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(q);
    return out;
  }

  /**
   * Synthesises one record with conditions {@code mask} as recorded by {@code profile}, for a
   * patient of {@code age} years and sex {@code female} (see {@link #FEMALE_QRS}, {@link
   * #AGE_QRS_PER_YEAR}, {@link #FEMALE_QTC}, {@link #AGE_AXIS_PER_YEAR}).
   */
  public void synthesize(
      long mask, DatasetProfile profile, double age, boolean female, SplittableRandom rng) {
    java.util.Arrays.fill(sig, 0f);
    Condition rhythm = Condition.rhythmOf(mask);
    double scale = profile.amplitudeScale * Math.exp(profile.amplitudeSd * rng.nextGaussian());
    double placement = Math.toRadians(profile.leadPlacementDeg) * rng.nextGaussian();
    double tilt = 0.5 * Math.toRadians(profile.leadPlacementDeg) * rng.nextGaussian();
    LeadProjection.precordial(placement, tilt, precordial);

    double hr;
    switch (rhythm) {
      case SB:
        hr = uniform(rng, 40, 57);
        break;
      case STach:
        hr = uniform(rng, 104, 150);
        break;
      case SA:
        hr = uniform(rng, 58, 95);
        break;
      case AF:
        hr = uniform(rng, 70, 130);
        break;
      case PR:
        hr = uniform(rng, 60, 80);
        break;
      default:
        hr = uniform(rng, 63, 97);
    }
    double flutterHz = 0;
    int block = 2;
    if (rhythm == Condition.AFL) {
      flutterHz = uniform(rng, 250, 330) / 60.0;
      double b = rng.nextDouble();
      block = b < 0.5 ? 2 : b < 0.65 ? 3 : 4;
      hr = 60.0 * flutterHz / block;
    }
    double rr = 60.0 / hr;

    buildBeats(mask, rhythm, scale, rr, age, female, rng);
    placeBeats(mask, rhythm, rr, block, flutterHz, rng);
    for (int b = 0; b < nBeats; b++) {
      Beat beat = beatType[b] == PVC_BEAT ? pvc : beatType[b] == PAC_BEAT ? pac : normal;
      for (int w = 0; w < beat.size; w++) {
        Wave wave = beat.waves[w];
        double centre = beatTime[b] + wave.dt;
        if (wave.sigma == 0) {
          addSpike(centre, wave.amp);
        } else {
          addWave(centre, wave.sigma, wave.amp);
        }
      }
    }
    if (rhythm == Condition.AF) {
      addFibrillation(scale, rng);
    } else if (rhythm == Condition.AFL) {
      addFlutter(scale, flutterHz, rng);
    }
    finish(profile, rng);
  }

  /** QRS amplitude factor of a female patient (smaller chest-wall voltages). */
  public static final double FEMALE_QRS = 0.88;

  /** QRS amplitude change per year of age around 55 (voltages fall with age), relative. */
  public static final double AGE_QRS_PER_YEAR = -0.004;

  /** QTc added for a female patient, seconds. */
  public static final double FEMALE_QTC = 0.012;

  /** Frontal QRS axis change per year of age around 55 (leftward with age), degrees. */
  public static final double AGE_AXIS_PER_YEAR = -0.3;

  // ---------------------------------------------------------------------------------------------
  // Beat morphology

  private void buildBeats(
      long mask,
      Condition rhythm,
      double scale,
      double rr,
      double age,
      boolean female,
      SplittableRandom rng) {
    boolean lvh = Condition.LVH.in(mask);
    boolean lowVoltage = Condition.LQRSV.in(mask);
    boolean crbbb = Condition.CRBBB.in(mask);
    boolean lbbb = Condition.LBBB.in(mask);
    boolean paced = rhythm == Condition.PR;

    double qrsScale = lvh ? uniform(rng, 1.9, 2.5) : lowVoltage ? uniform(rng, 0.28, 0.38) : 1.0;
    qrsScale *= uniform(rng, 0.85, 1.15);
    qrsScale *= (female ? FEMALE_QRS : 1.0) * Math.max(0.6, 1 + AGE_QRS_PER_YEAR * (age - 55));
    double pt = lowVoltage ? 0.7 : 1.0;
    double axis = Condition.LAD.in(mask) ? uniform(rng, -75, -38) : uniform(rng, 10, 80); // degrees
    if (!Condition.LAD.in(mask)) {
      axis += AGE_AXIS_PER_YEAR * (age - 55);
    }
    double rot = Math.toRadians(axis - 60);
    double cos = Math.cos(rot);
    double sin = Math.sin(rot);

    double qtc = Condition.LQT.in(mask) ? uniform(rng, 0.49, 0.56) : uniform(rng, 0.38, 0.43);
    qtc += female ? FEMALE_QTC : 0.0;
    double qt = qtc * Math.sqrt(rr);
    double tSigma = Math.max(0.03, Math.min(0.065, 0.045 * Math.sqrt(rr) / 0.9));
    if (Condition.LQT.in(mask)) {
      tSigma *= 1.15;
    }
    double tPeak = Math.max(0.16, qt - 0.14);

    normal.clear();
    // P wave (sinus rhythms only)
    double pr = Condition.IAVB.in(mask) ? uniform(rng, 0.25, 0.34) : uniform(rng, 0.13, 0.18);
    double pSigma = uniform(rng, 0.018, 0.024);
    if (rhythm.isSinus()) {
      double f = uniform(rng, 0.8, 1.2) * pt;
      normal.add(-pr, pSigma, 0.07 * f, 0.12 * f, 0.02 * f, scale);
    }
    // QRS
    if (paced) {
      double[] d = randomDirection(rng);
      double spike = uniform(rng, 0.8, 2.0) / scale;
      normal.add(-0.07, 0, d[0] * spike, d[1] * spike, d[2] * spike, scale);
      double f = qrsScale;
      normal.add(-0.01, 0.025, 0.6 * f, -0.55 * f, -0.7 * f, scale);
      normal.add(0.045, 0.025, 0.6 * f, -0.55 * f, -0.7 * f, scale);
    } else if (lbbb) {
      double f = 1.1 * qrsScale;
      normal.addRotated(-0.012, 0.022, 0.75 * f, 0.25 * f, -0.75 * f, cos, sin, scale);
      normal.addRotated(0.038, 0.024, 0.79 * f, 0.26 * f, -0.79 * f, cos, sin, scale);
    } else {
      double fq = uniform(rng, 0.7, 1.3) * qrsScale;
      normal.addRotated(-0.028, 0.008, -0.12 * fq, 0.02 * fq, 0.2 * fq, cos, sin, scale);
      double fr = 1.3 * qrsScale;
      double rz = lvh ? uniform(rng, -0.75, -0.55) : uniform(rng, -0.45, -0.25);
      normal.addRotated(
          0, uniform(rng, 0.009, 0.012), 0.5 * fr, 0.866 * fr, rz * fr, cos, sin, scale);
      double fs2 = uniform(rng, 0.7, 1.3) * qrsScale;
      if (crbbb) {
        normal.addRotated(0.036, 0.014, -0.2 * fs2, -0.25 * fs2, -0.35 * fs2, cos, sin, scale);
        double f = uniform(rng, 0.8, 1.2) * Math.sqrt(qrsScale);
        normal.add(uniform(rng, 0.065, 0.075), 0.02, -0.35 * f, 0.05 * f, 0.55 * f, scale);
      } else {
        normal.addRotated(0.028, 0.009, -0.2 * fs2, -0.25 * fs2, -0.35 * fs2, cos, sin, scale);
      }
    }
    if (Condition.QAb.in(mask)) {
      double f = uniform(rng, 0.8, 1.3);
      if (rng.nextBoolean()) {
        normal.add(-0.03, 0.016, 0, -0.45 * f, 0.05 * f, scale); // inferior
      } else {
        normal.add(-0.03, 0.016, 0.05 * f, 0, -0.55 * f, scale); // anterior
      }
    }
    // ST segment
    double stX = 0;
    double stY = 0;
    double stZ = 0;
    if (Condition.STE.in(mask)) {
      double f = uniform(rng, 0.8, 1.4);
      if (rng.nextBoolean()) {
        stY += 0.22 * f;
        stX += 0.02 * f;
      } else {
        stX += 0.05 * f;
        stY += 0.05 * f;
        stZ += 0.25 * f;
      }
    }
    if (Condition.STD.in(mask)) {
      double f = uniform(rng, 1.0, 1.6);
      stX -= 0.08 * f;
      stY -= 0.10 * f;
      stZ -= 0.08 * f;
    }
    if (Condition.STC.in(mask)) {
      double[] d = randomDirection(rng);
      double f = uniform(rng, 0.05, 0.1);
      stX += d[0] * f;
      stY += d[1] * f;
      stZ += d[2] * f;
    }
    if (Condition.STT.in(mask)) {
      double f = uniform(rng, 0.8, 1.2);
      stX -= 0.03 * f;
      stY -= 0.04 * f;
      stZ -= 0.02 * f;
    }
    if (stX != 0 || stY != 0 || stZ != 0) {
      normal.add(Math.min(uniform(rng, 0.12, 0.15), tPeak - 0.06), 0.05, stX, stY, stZ, scale);
    }
    // T wave
    double ft = uniform(rng, 0.8, 1.2) * pt;
    double tx = 0.2 * ft;
    double ty = 0.22 * ft;
    double tz = 0.12 * ft;
    if (paced || lbbb) {
      tx = -0.18 * ft;
      ty = paced ? 0.15 * ft : -0.08 * ft;
      tz = 0.25 * ft;
    } else if (crbbb) {
      tz = -0.1 * ft;
    }
    if (lvh) {
      tx *= 1.2;
      ty *= 1.2;
      tz *= 1.2;
    }
    double tf = 1.0;
    boolean biphasic = false;
    if (Condition.STT.in(mask)) {
      tf *= uniform(rng, 0.3, 0.55);
    }
    if (Condition.TAb.in(mask)) {
      biphasic = rng.nextDouble() < 0.3;
      tf *= biphasic ? 0.6 : uniform(rng, 0.0, 0.25);
    }
    if (Condition.TInv.in(mask)) {
      tf *= -uniform(rng, 0.6, 1.0);
    }
    normal.add(tPeak, tSigma, tx * tf, ty * tf, tz * tf, scale);
    if (biphasic) {
      normal.add(tPeak + 1.3 * tSigma, tSigma * 0.8, -tx * 0.9, -ty * 0.9, -tz * 0.9, scale);
    }

    // PAC: the normal beat with an ectopic P wave (low atrial origin: inverted in II, III, aVF)
    pac.copyOf(normal);
    if (rhythm.isSinus() && pac.size > 0) {
      double f = uniform(rng, 0.8, 1.2) * pt;
      pac.replace(0, -pr * uniform(rng, 0.75, 0.9), pSigma, 0.06 * f, -0.1 * f, 0.03 * f, scale);
    }

    // PVC: wide bizarre QRS from one ventricle, discordant T, no P
    pvc.clear();
    double f = uniform(rng, 1.3, 1.9) * Math.sqrt(qrsScale);
    double vx;
    double vy;
    double vz;
    if (rng.nextBoolean()) {
      vx = -0.55;
      vy = 0.3;
      vz = 0.78;
    } else {
      vx = 0.7;
      vy = -0.3;
      vz = -0.65;
    }
    double qrsSigma = uniform(rng, 0.028, 0.036);
    pvc.add(-0.02, qrsSigma, vx * f, vy * f, vz * f, scale);
    pvc.add(0.045, qrsSigma, 0.5 * vx * f, 0.5 * vy * f, 0.5 * vz * f, scale);
    pvc.add(0.30, 0.07, -0.3 * vx * f, -0.3 * vy * f, -0.3 * vz * f, scale);
  }

  // ---------------------------------------------------------------------------------------------
  // Beat times

  private void placeBeats(
      long mask, Condition rhythm, double rr, int block, double flutterHz, SplittableRandom rng) {
    double rsa;
    double jitter;
    switch (rhythm) {
      case SA:
        rsa = uniform(rng, 0.12, 0.22);
        jitter = 0.012;
        break;
      case AF:
        rsa = 0;
        jitter = 0;
        break;
      case AFL:
        rsa = 0;
        jitter = 0.01;
        break;
      case PR:
        rsa = 0;
        jitter = 0.003;
        break;
      default:
        rsa = uniform(rng, 0.005, 0.03);
        jitter = 0.012;
    }
    double respHz = uniform(rng, 0.15, 0.35);
    double respPhase = uniform(rng, 0, 2 * Math.PI);
    boolean variableBlock = rhythm == Condition.AFL && rng.nextDouble() < 0.2;

    double t = -0.8 - rng.nextDouble() * rr;
    nBeats = 0;
    // beyond the end: premature beats shift later ones earlier (up to ~2 s for 3 PACs at SB)
    double end = duration + 3.5;
    while (t < end && nBeats < maxBeats) {
      beatTime[nBeats] = t;
      beatType[nBeats] = NORMAL;
      nBeats++;
      double next;
      if (rhythm == Condition.AF) {
        next = rr * Math.exp(0.2 * rng.nextGaussian());
        next = Math.max(0.3, Math.min(2.0, next));
      } else if (variableBlock) {
        next = (rng.nextBoolean() ? 2 : 4) / flutterHz;
      } else {
        next =
            rr
                * (1
                    + rsa * Math.sin(2 * Math.PI * respHz * t + respPhase)
                    + jitter * rng.nextGaussian());
      }
      t += Math.max(0.25, next);
    }
    if (Condition.PAC.in(mask)) {
      insertEctopics(PAC_BEAT, rng);
    }
    if (Condition.PVC.in(mask)) {
      insertEctopics(PVC_BEAT, rng);
    }
  }

  /** Makes 1 to 3 visible normal beats premature (PAC: non-compensatory; PVC: compensatory). */
  private void insertEctopics(byte type, SplittableRandom rng) {
    int first = -1;
    int last = -1;
    for (int b = 1; b < nBeats - 1; b++) {
      if (beatTime[b] > 0.4 && beatTime[b] < duration - 0.6) {
        if (first < 0) {
          first = b;
        }
        last = b;
      }
    }
    if (first < 0) {
      return;
    }
    int count = 1 + rng.nextInt(3);
    for (int k = 0; k < count; k++) {
      int b = first + rng.nextInt(last - first + 1);
      if (beatType[b] != NORMAL || beatType[b - 1] != NORMAL) {
        continue;
      }
      double interval = beatTime[b] - beatTime[b - 1];
      if (type == PAC_BEAT) {
        double shift = interval * (1 - uniform(rng, 0.55, 0.72));
        for (int j = b; j < nBeats; j++) {
          beatTime[j] -= shift;
        }
      } else {
        beatTime[b] = beatTime[b - 1] + interval * uniform(rng, 0.45, 0.62);
      }
      beatType[b] = type;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  /**
   * Adds {@code amp[l] * exp(-(t - centre)^2 / (2 sigma^2))} to each lead. The Gaussian is
   * evaluated by a second-order recurrence (two {@code exp} calls per wave, not one per sample).
   */
  private void addWave(double centre, double sigma, double[] amp) {
    double c = centre * fs;
    double s = sigma * fs;
    int lo = (int) Math.max(0, Math.ceil(c - 4 * s));
    int hi = (int) Math.min(n - 1, Math.floor(c + 4 * s));
    if (lo > hi) {
      return;
    }
    double k = -0.5 / (s * s);
    double d = lo - c;
    double g = Math.exp(k * d * d);
    double r = Math.exp(k * (2 * d + 1));
    double rr = Math.exp(2 * k);
    for (int j = lo; j <= hi; j++) {
      gauss[j] = g;
      g *= r;
      r *= rr;
    }
    for (int l = 0; l < 12; l++) {
      double a = amp[l];
      int base = l * n;
      for (int j = lo; j <= hi; j++) {
        sig[base + j] += (float) (a * gauss[j]);
      }
    }
  }

  private void addSpike(double centre, double[] amp) {
    int j = (int) Math.round(centre * fs);
    if (j < 0 || j >= n) {
      return;
    }
    for (int l = 0; l < 12; l++) {
      sig[l * n + j] += (float) amp[l];
    }
  }

  /** AF: three drifting sinusoids at 4.5-8 Hz, strongest in V1 and the inferior leads. */
  private void addFibrillation(double scale, SplittableRandom rng) {
    java.util.Arrays.fill(atrial, 0f);
    double amp = uniform(rng, 0.05, 0.12);
    for (int k = 0; k < 3; k++) {
      double a = amp * uniform(rng, 0.3, 1.0);
      double w = 2 * Math.PI * uniform(rng, 4.5, 8.0) / fs;
      double cw = Math.cos(w);
      double sw = Math.sin(w);
      double phase = uniform(rng, 0, 2 * Math.PI);
      double x = Math.sin(phase);
      double y = Math.cos(phase);
      for (int j = 0; j < n; j++) {
        atrial[j] += (float) (a * x);
        double nx = x * cw + y * sw;
        y = y * cw - x * sw;
        x = nx;
      }
    }
    addAtrial(0.05, 0.35, 0.65, scale);
  }

  /** AFL: a saw-tooth at the flutter rate (slow fall, fast rise), negative in II, III, aVF. */
  private void addFlutter(double scale, double flutterHz, SplittableRandom rng) {
    double amp = uniform(rng, 0.22, 0.38);
    double phase = rng.nextDouble();
    double step = flutterHz / fs;
    for (int j = 0; j < n; j++) {
      double p = phase + j * step;
      p -= Math.floor(p);
      double v = p < 0.75 ? 0.5 - p / 0.75 : -0.5 + (p - 0.75) / 0.25;
      atrial[j] = (float) (amp * v);
    }
    addAtrial(0.0, 0.85, 0.45, scale);
  }

  private void addAtrial(double x, double y, double z, double scale) {
    LeadProjection.project(x, y, z, scale, precordial, atrialLeads);
    for (int l = 0; l < 12; l++) {
      float a = (float) atrialLeads[l];
      int base = l * n;
      for (int j = 0; j < n; j++) {
        sig[base + j] += a * atrial[j];
      }
    }
  }

  /**
   * The recording: per-lead gains, baseline wander, mains interference and noise, then the
   * recorder's filters and an arm-electrode reversal. Wander is a per-lead mix of three slow
   * sinusoids shared by the leads (respiration and electrode motion move all leads, each by its own
   * amount); mains is one sinusoid at the mains frequency sampled at the record's rate (so 50 Hz at
   * 100 Hz sampling shows as the alternating Nyquist pattern, 60 Hz aliases to 40 Hz), a per-lead
   * amplitude; noise is a random contiguous stretch of a fixed table of normal values (white or
   * AR(1)-coloured), so the per-lead loop has no loop-carried state and vectorises.
   */
  private void finish(DatasetProfile p, SplittableRandom rng) {
    double wanderHz = Math.max(0.05, p.wanderHz);
    for (int k = 0; k < WANDER_COMPONENTS; k++) {
      sinusoid(uniform(rng, 0.05, wanderHz), uniform(rng, 0, 2 * Math.PI), wander[k]);
    }
    boolean withMains = p.mainsMv > 0;
    if (withMains) {
      sinusoid(p.mainsHz, uniform(rng, 0, 2 * Math.PI), mains);
    }
    float[] table = noiseTable(p.noiseColour);
    float noise = (float) p.noiseMv;
    for (int l = 0; l < 12; l++) {
      double g = p.leadGains.isEmpty() ? 1.0 : p.leadGains.get(l);
      float gain = (float) (g * Math.exp(p.leadGainSd * rng.nextGaussian()));
      float a0 = (float) (p.wanderMv * uniform(rng, -1.0, 1.0));
      float a1 = (float) (p.wanderMv * uniform(rng, -0.6, 0.6));
      float a2 = (float) (p.wanderMv * uniform(rng, -0.3, 0.3));
      float am = withMains ? (float) (p.mainsMv * uniform(rng, 0.3, 1.0)) : 0f;
      int start = rng.nextInt(NOISE_SIZE - n);
      int base = l * n;
      float[] w0 = wander[0];
      float[] w1 = wander[1];
      float[] w2 = wander[2];
      float[] m = mains;
      for (int j = 0; j < n; j++) {
        sig[base + j] =
            sig[base + j] * gain
                + a0 * w0[j]
                + a1 * w1[j]
                + a2 * w2[j]
                + am * m[j]
                + noise * table[start + j];
      }
    }
    if (p.highpassHz > 0) {
      highpass(p.highpassHz);
    }
    if (p.lowpassHz > 0) {
      lowpass(p.lowpassHz);
    }
    if (p.armReversal > 0 && rng.nextDouble() < p.armReversal) {
      reverseArms();
    }
  }

  /** {@code out[j] = sin(2 pi hz j / fs + phase)} by a rotation recurrence. */
  private void sinusoid(double hz, double phase, float[] out) {
    double w = 2 * Math.PI * hz / fs;
    double c = Math.cos(w);
    double s = Math.sin(w);
    double x = Math.sin(phase);
    double y = Math.cos(phase);
    for (int j = 0; j < n; j++) {
      out[j] = (float) x;
      double nx = x * c + y * s;
      y = y * c - x * s;
      x = nx;
    }
  }

  /**
   * First-order high-pass (RC) over every lead, {@code y[j] = a (y[j-1] + x[j] - x[j-1])}, starting
   * as if the input had been {@code x[0]} forever ({@code y[0] = 0}). Four leads run side by side
   * with their state in registers, so the four recurrences overlap in the pipeline.
   */
  private void highpass(double hz) {
    double rc = 1.0 / (2 * Math.PI * hz);
    float a = (float) (rc / (rc + 1.0 / fs));
    for (int l = 0; l < 12; l += 4) {
      int i0 = l * n;
      int i1 = i0 + n;
      int i2 = i1 + n;
      int i3 = i2 + n;
      float x0 = sig[i0];
      float x1 = sig[i1];
      float x2 = sig[i2];
      float x3 = sig[i3];
      float y0 = 0;
      float y1 = 0;
      float y2 = 0;
      float y3 = 0;
      sig[i0] = 0;
      sig[i1] = 0;
      sig[i2] = 0;
      sig[i3] = 0;
      for (int j = 1; j < n; j++) {
        float v0 = sig[i0 + j];
        float v1 = sig[i1 + j];
        float v2 = sig[i2 + j];
        float v3 = sig[i3 + j];
        y0 = a * (y0 + v0 - x0);
        y1 = a * (y1 + v1 - x1);
        y2 = a * (y2 + v2 - x2);
        y3 = a * (y3 + v3 - x3);
        x0 = v0;
        x1 = v1;
        x2 = v2;
        x3 = v3;
        sig[i0 + j] = y0;
        sig[i1 + j] = y1;
        sig[i2 + j] = y2;
        sig[i3 + j] = y3;
      }
    }
  }

  /**
   * Second-order Butterworth low-pass (bilinear transform, corner pre-warped; transposed direct
   * form II) over every lead, starting in its steady state for {@code x[0]}; four leads side by
   * side as in {@link #highpass}. Corners at or above Nyquist leave the signal as it is.
   */
  private void lowpass(double hz) {
    if (hz >= 0.5 * fs) {
      return;
    }
    double k = Math.tan(Math.PI * hz / fs);
    double q = Math.sqrt(0.5);
    double norm = 1 / (1 + k / q + k * k);
    float b0 = (float) (k * k * norm);
    float b1 = 2 * b0;
    float b2 = b0;
    float a1 = (float) (2 * (k * k - 1) * norm);
    float a2 = (float) ((1 - k / q + k * k) * norm);
    for (int l = 0; l < 12; l += 4) {
      int i0 = l * n;
      int i1 = i0 + n;
      int i2 = i1 + n;
      int i3 = i2 + n;
      // steady state for a constant input (unit DC gain): y = x[0]
      float p0 = sig[i0];
      float p1 = sig[i1];
      float p2 = sig[i2];
      float p3 = sig[i3];
      float z10 = p0 - b0 * p0;
      float z11 = p1 - b0 * p1;
      float z12 = p2 - b0 * p2;
      float z13 = p3 - b0 * p3;
      float z20 = (b2 - a2) * p0;
      float z21 = (b2 - a2) * p1;
      float z22 = (b2 - a2) * p2;
      float z23 = (b2 - a2) * p3;
      for (int j = 0; j < n; j++) {
        float v0 = sig[i0 + j];
        float v1 = sig[i1 + j];
        float v2 = sig[i2 + j];
        float v3 = sig[i3 + j];
        float y0 = b0 * v0 + z10;
        float y1 = b0 * v1 + z11;
        float y2 = b0 * v2 + z12;
        float y3 = b0 * v3 + z13;
        z10 = b1 * v0 - a1 * y0 + z20;
        z11 = b1 * v1 - a1 * y1 + z21;
        z12 = b1 * v2 - a1 * y2 + z22;
        z13 = b1 * v3 - a1 * y3 + z23;
        z20 = b2 * v0 - a2 * y0;
        z21 = b2 * v1 - a2 * y1;
        z22 = b2 * v2 - a2 * y2;
        z23 = b2 * v3 - a2 * y3;
        sig[i0 + j] = y0;
        sig[i1 + j] = y1;
        sig[i2 + j] = y2;
        sig[i3 + j] = y3;
      }
    }
  }

  /** LA/RA reversal: I inverted, II and III swapped, aVR and aVL swapped, aVF unchanged. */
  private void reverseArms() {
    for (int j = 0; j < n; j++) {
      sig[j] = -sig[j];
    }
    swapLeads(1, 2);
    swapLeads(3, 4);
  }

  private void swapLeads(int a, int b) {
    for (int j = 0; j < n; j++) {
      float t = sig[a * n + j];
      sig[a * n + j] = sig[b * n + j];
      sig[b * n + j] = t;
    }
  }

  /** The noise table of an AR(1) coefficient (0: the white table), unit variance, cached. */
  static float[] noiseTable(double colour) {
    if (colour == 0) {
      return NOISE;
    }
    return COLOURED.computeIfAbsent(colour, EcgSynthesizer::colouredTable);
  }

  private static final java.util.concurrent.ConcurrentHashMap<Double, float[]> COLOURED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static float[] colouredTable(double phi) {
    float[] t = new float[NOISE_SIZE];
    double innovation = Math.sqrt(1 - phi * phi);
    // start in the stationary distribution, so every stretch has unit variance
    double x = NOISE[NOISE_SIZE - 1];
    for (int i = 0; i < t.length; i++) {
      x = phi * x + innovation * NOISE[i];
      t[i] = (float) x;
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  private static double[] randomDirection(SplittableRandom rng) {
    double x = rng.nextGaussian();
    double y = rng.nextGaussian();
    double z = rng.nextGaussian();
    double norm = Math.sqrt(x * x + y * y + z * z) + 1e-12;
    return new double[] {x / norm, y / norm, z / norm};
  }

  private static float[] gaussianTable() {
    SplittableRandom r = new SplittableRandom(0x6D656C6570L);
    float[] t = new float[NOISE_SIZE];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) r.nextGaussian();
    }
    return t;
  }

  /** A wave of a beat: offset from the R peak (s), width (s, 0 for a one-sample spike), leads. */
  private static final class Wave {
    double dt;
    double sigma;
    final double[] amp = new double[12];
  }

  /** The waves of one beat type. */
  private final class Beat {
    final Wave[] waves = new Wave[16];
    int size;

    Beat() {
      for (int i = 0; i < waves.length; i++) {
        waves[i] = new Wave();
      }
    }

    void clear() {
      size = 0;
    }

    void add(double dt, double sigma, double x, double y, double z, double scale) {
      replace(size++, dt, sigma, x, y, z, scale);
    }

    void addRotated(
        double dt,
        double sigma,
        double x,
        double y,
        double z,
        double cos,
        double sin,
        double scale) {
      add(dt, sigma, x * cos - y * sin, x * sin + y * cos, z, scale);
    }

    void replace(int i, double dt, double sigma, double x, double y, double z, double scale) {
      Wave w = waves[i];
      w.dt = dt;
      w.sigma = sigma;
      LeadProjection.project(x, y, z, scale, precordial, w.amp);
    }

    void copyOf(Beat other) {
      size = other.size;
      for (int i = 0; i < size; i++) {
        waves[i].dt = other.waves[i].dt;
        waves[i].sigma = other.waves[i].sigma;
        System.arraycopy(other.waves[i].amp, 0, waves[i].amp, 0, 12);
      }
    }
  }
}
